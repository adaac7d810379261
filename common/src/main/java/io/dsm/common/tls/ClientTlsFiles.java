/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.tls;

import java.nio.file.Path;

/**
 * The PEM files of one TLS client and the names of the settings they came from (for errors).
 *
 * @param caFile CA bundle to trust instead of the JVM's trust store, or {@code null}
 * @param certFile client certificate (chain) for mutual TLS, or {@code null}
 * @param keyFile the client certificate's private key, or {@code null}
 * @param caSetting name of the CA setting, e.g. {@code MQTT_TLS_CA_FILE}
 * @param certSetting name of the certificate setting
 * @param keySetting name of the key setting
 */
public record ClientTlsFiles(
    Path caFile,
    Path certFile,
    Path keyFile,
    String caSetting,
    String certSetting,
    String keySetting) {}
