/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import io.dsm.testsupport.TestPki.Issued;
import io.dsm.testsupport.TestPki.KeyFormat;
import io.dsm.testsupport.TestPki.KeyType;
import io.dsm.testsupport.TestPki.Kind;
import java.nio.file.Path;
import java.util.List;

/**
 * A ready-made set of PEM files for TLS tests, written by {@link #write(Path)}: a CA with a server
 * certificate for 127.0.0.1 and localhost, client certificates with their keys in each form users
 * have, an encrypted key, an expired server certificate, and a second, unrelated CA with a client
 * of its own (a stranger the first CA does not vouch for). EC P-256 keys except the RSA client.
 *
 * @param caCert the CA every other certificate here (except the stranger's) is signed by
 * @param serverCert server certificate, SANs 127.0.0.1 and localhost
 * @param serverKey its PKCS#8 key
 * @param ecClientCert a client certificate with an EC key
 * @param ecClientKey its PKCS#8 key
 * @param ecClientKeySec1 the same key as SEC1 ({@code BEGIN EC PRIVATE KEY})
 * @param rsaClientCert a client certificate with an RSA key
 * @param rsaClientKey its PKCS#8 key
 * @param rsaClientKeyPkcs1 the same key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY})
 * @param encryptedClientKey the EC client's key as encrypted PKCS#8, password {@link #KEY_PASSWORD}
 * @param expiredServerCert a server certificate for 127.0.0.1 and localhost that expired yesterday
 * @param expiredServerKey its PKCS#8 key
 * @param otherCaCert a second CA, unrelated to the first
 * @param strangerClientCert a client certificate signed by the second CA
 * @param strangerClientKey its PKCS#8 key
 */
public record PkiFiles(
    Path caCert,
    Path serverCert,
    Path serverKey,
    Path ecClientCert,
    Path ecClientKey,
    Path ecClientKeySec1,
    Path rsaClientCert,
    Path rsaClientKey,
    Path rsaClientKeyPkcs1,
    Path encryptedClientKey,
    Path expiredServerCert,
    Path expiredServerKey,
    Path otherCaCert,
    Path strangerClientCert,
    Path strangerClientKey) {

  /** The password of {@link #encryptedClientKey()}. */
  public static final String KEY_PASSWORD = "test-key-password";

  /** The server certificate and its key. */
  public TestPki.Identity server() {
    return new TestPki.Identity(serverCert, serverKey);
  }

  /** The EC client certificate and its PKCS#8 key. */
  public TestPki.Identity ecClient() {
    return new TestPki.Identity(ecClientCert, ecClientKey);
  }

  /** The RSA client certificate and its PKCS#8 key. */
  public TestPki.Identity rsaClient() {
    return new TestPki.Identity(rsaClientCert, rsaClientKey);
  }

  /** The client certificate of the second CA and its key. */
  public TestPki.Identity stranger() {
    return new TestPki.Identity(strangerClientCert, strangerClientKey);
  }

  /** Makes the certificates and writes them to {@code dir}. */
  public static PkiFiles write(Path dir) {
    Issued ca = TestPki.ca("test-ca", KeyType.EC);
    Issued server = ca.issueEc("127.0.0.1", Kind.SERVER, TestPki.LOCALHOST);
    Issued ecClient = ca.issueEc("ec-client", Kind.CLIENT, List.of());
    Issued rsaClient = ca.issue("rsa-client", Kind.CLIENT, List.of(), KeyType.RSA);
    Issued expired = ca.issueExpired("127.0.0.1", Kind.SERVER, TestPki.LOCALHOST, KeyType.EC);
    Issued otherCa = TestPki.ca("other-ca", KeyType.EC);
    Issued stranger = otherCa.issueEc("stranger", Kind.CLIENT, List.of());
    return new PkiFiles(
        ca.writeCert(dir, "ca"),
        server.writeCert(dir, "server"),
        server.writeKey(dir, "server", KeyFormat.PKCS8),
        ecClient.writeCert(dir, "ec-client"),
        ecClient.writeKey(dir, "ec-client", KeyFormat.PKCS8),
        ecClient.writeKey(dir, "ec-client-sec1", KeyFormat.TRADITIONAL),
        rsaClient.writeCert(dir, "rsa-client"),
        rsaClient.writeKey(dir, "rsa-client", KeyFormat.PKCS8),
        rsaClient.writeKey(dir, "rsa-client-pkcs1", KeyFormat.TRADITIONAL),
        ecClient.writeEncryptedKey(dir, "ec-client-encrypted", KeyFormat.PKCS8, KEY_PASSWORD),
        expired.writeCert(dir, "expired-server"),
        expired.writeKey(dir, "expired-server", KeyFormat.PKCS8),
        otherCa.writeCert(dir, "other-ca"),
        stranger.writeCert(dir, "stranger"),
        stranger.writeKey(dir, "stranger", KeyFormat.PKCS8));
  }
}
