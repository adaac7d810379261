/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

import io.dsm.common.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Immutable connection settings of an {@link MqttClient}; build with {@link #builder(String, int,
 * String)}.
 *
 * @param host broker host name or address
 * @param port broker port
 * @param clientId client identifier
 * @param username user name, or {@code null}
 * @param password password bytes, or {@code null}; never printed
 * @param version protocol version
 * @param keepAliveSecs keep-alive in seconds, 0 for none
 * @param cleanStart start without the broker's stored session (3.1.1: clean session)
 * @param sessionExpirySecs MQTT 5 Session Expiry Interval; 0 ends the session with the connection,
 *     {@code 0xFFFFFFFF} never expires
 * @param receiveMaximum MQTT 5 Receive Maximum sent in CONNECT (1 to 65535): how many
 *     unacknowledged QoS 1/2 PUBLISHes the broker may send. The client does not rely on it: see
 *     {@link InboundFlowControl}
 * @param maxPacketBytes the largest PUBLISH the client buffers; larger ones are skipped while read
 *     and delivered as {@linkplain InboundPublish#oversize() oversize}
 * @param sslContext TLS context, or {@code null} for plain TCP
 * @param verifyHostname whether the broker's certificate must match {@code host} (TLS only)
 * @param connectTimeout the longest a connect may take, TCP and TLS handshake and CONNACK together
 * @param reconnectBackoff delays between reconnect attempts
 * @param publishWindow the most unacknowledged QoS 1/2 PUBLISHes the client sends (the broker's
 *     Receive Maximum may lower it)
 * @param ioThreadName the name of the client's I/O thread
 */
public record MqttClientOptions(
    String host,
    int port,
    String clientId,
    String username,
    byte[] password,
    MqttVersion version,
    int keepAliveSecs,
    boolean cleanStart,
    long sessionExpirySecs,
    int receiveMaximum,
    int maxPacketBytes,
    SSLContext sslContext,
    boolean verifyHostname,
    Duration connectTimeout,
    Backoff reconnectBackoff,
    int publishWindow,
    String ioThreadName) {

  /** MQTT 5 Session Expiry Interval meaning "never expires". */
  public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

  public MqttClientOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
    Objects.requireNonNull(ioThreadName, "ioThreadName");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("MQTT port must be in [1, 65535], but was " + port);
    }
    if (keepAliveSecs < 0 || keepAliveSecs > 65535) {
      throw new IllegalArgumentException(
          "keep-alive must be in [0, 65535] seconds, but was " + keepAliveSecs);
    }
    if (sessionExpirySecs < 0 || sessionExpirySecs > NEVER_EXPIRES) {
      throw new IllegalArgumentException(
          "session expiry must be in [0, 4294967295] seconds, but was " + sessionExpirySecs);
    }
    if (receiveMaximum < 1 || receiveMaximum > 65535) {
      throw new IllegalArgumentException(
          "receive maximum must be in [1, 65535], but was " + receiveMaximum);
    }
    if (maxPacketBytes < 1) {
      throw new IllegalArgumentException(
          "maximum packet size must be at least 1 byte, but was " + maxPacketBytes);
    }
    if (publishWindow < 1 || publishWindow > 65535) {
      throw new IllegalArgumentException(
          "publish window must be in [1, 65535], but was " + publishWindow);
    }
    if (password != null && username == null) {
      // MQTT 3.1.1 forbids it; MQTT 5 allows it, but Netty's encoder refuses it for both.
      throw new IllegalArgumentException(
          "an MQTT password needs a user name (a password alone cannot be sent)");
    }
    password = password == null ? null : password.clone();
  }

  /** Starts a builder with the three values that have no default. */
  public static Builder builder(String host, int port, String clientId) {
    return new Builder(host, port, clientId);
  }

  /** Whether TLS is on. */
  public boolean tls() {
    return sslContext != null;
  }

  @Override
  public byte[] password() {
    return password == null ? null : password.clone();
  }

  @Override
  public String toString() {
    return "MqttClientOptions["
        + host
        + ":"
        + port
        + ", clientId="
        + clientId
        + ", "
        + version
        + (sslContext != null ? ", tls" : "")
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "[hidden]")
        + "]";
  }

  /** Builds {@link MqttClientOptions}; defaults as in an MQTT 3.1.1 clean session. */
  public static final class Builder {
    private final String host;
    private final int port;
    private final String clientId;
    private String username;
    private byte[] password;
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private int keepAliveSecs = 60;
    private boolean cleanStart = true;
    private Long sessionExpirySecs;
    private int receiveMaximum = 65535;
    private int maxPacketBytes = 268_435_455;
    private SSLContext sslContext;
    private boolean verifyHostname = true;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Backoff reconnectBackoff = Backoff.RECONNECT;
    private int publishWindow = 64;
    private String ioThreadName = "mqtt-io";

    private Builder(String host, int port, String clientId) {
      this.host = host;
      this.port = port;
      this.clientId = clientId;
    }

    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Builder version(MqttVersion version) {
      this.version = version;
      return this;
    }

    public Builder keepAliveSecs(int secs) {
      this.keepAliveSecs = secs;
      return this;
    }

    public Builder cleanStart(boolean cleanStart) {
      this.cleanStart = cleanStart;
      return this;
    }

    /** Default: 0 with a clean start, {@link #NEVER_EXPIRES} otherwise (3.1.1's semantics). */
    public Builder sessionExpirySecs(long secs) {
      this.sessionExpirySecs = secs;
      return this;
    }

    public Builder receiveMaximum(int receiveMaximum) {
      this.receiveMaximum = receiveMaximum;
      return this;
    }

    public Builder maxPacketBytes(int bytes) {
      this.maxPacketBytes = bytes;
      return this;
    }

    public Builder tls(SSLContext context, boolean verifyHostname) {
      this.sslContext = context;
      this.verifyHostname = verifyHostname;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder reconnectBackoff(Backoff backoff) {
      this.reconnectBackoff = backoff;
      return this;
    }

    public Builder publishWindow(int window) {
      this.publishWindow = window;
      return this;
    }

    public Builder ioThreadName(String name) {
      this.ioThreadName = name;
      return this;
    }

    public MqttClientOptions build() {
      long expiry = sessionExpirySecs != null ? sessionExpirySecs : cleanStart ? 0 : NEVER_EXPIRES;
      return new MqttClientOptions(
          host,
          port,
          clientId,
          username,
          password,
          version,
          keepAliveSecs,
          cleanStart,
          expiry,
          receiveMaximum,
          maxPacketBytes,
          sslContext,
          verifyHostname,
          connectTimeout,
          reconnectBackoff,
          publishWindow,
          ioThreadName);
    }
  }
}
