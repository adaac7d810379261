/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Tells whether a port speaks TLS, to explain a plaintext connection that failed for no visible
 * reason ({@code http://} against a TLS listener). It tries a TLS handshake that trusts anything
 * and sends no data: a ServerHello, or a TLS alert such as "certificate required", proves TLS. Only
 * used after a failure, never to decide whether to trust a peer.
 */
public final class TlsPortProbe {
  private TlsPortProbe() {}

  /** True when {@code host:port} answered a TLS handshake within {@code timeout}. */
  public static boolean speaksTls(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnything()}, null);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.startHandshake();
        return true;
      }
    } catch (SSLException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      return m.contains("Received fatal alert");
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  /** Accepts every certificate: the probe asks only whether TLS is spoken, trusting nothing. */
  private static final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
