/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.Locale;

/** {@code MQTT_RETAIN}: the retain flag of the sink's PUBLISHes. */
public enum RetainMode {
  TRUE,
  FALSE,
  /** The message's {@code mqtt.retain} attribute (as the source wrote it); false without one. */
  PRESERVE;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
