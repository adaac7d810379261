/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a server certificate for 127.0.0.1, made with the {@code openssl} command
 * (PEM files, as brokers and the connector's {@code caFile} expect them).
 *
 * @param caCert the CA certificate to trust
 * @param serverCert the broker's certificate, signed by the CA, SAN IP:127.0.0.1
 * @param serverKey the broker's private key
 */
record TestCertificates(Path caCert, Path serverCert, Path serverKey) {

  static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String openssl = MosquittoProcess.findTool("openssl");
    MosquittoProcess.requireTool(openssl, "openssl");
    Files.writeString(
        dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\n", StandardCharsets.UTF_8);
    run(
        dir,
        openssl,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=dsm-test-ca");
    run(
        dir,
        openssl,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    run(
        dir,
        openssl,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "ext.cnf");
    return new TestCertificates(
        dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "openssl failed: " + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
