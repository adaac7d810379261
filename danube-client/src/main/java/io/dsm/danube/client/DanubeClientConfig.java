/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Immutable connection settings of a {@link DanubeClient}.
 *
 * @param serviceUrl the broker's service URL, e.g. {@code http://127.0.0.1:6650}; {@code https}
 *     implies TLS
 * @param tls TLS settings; never {@code null}
 * @param token a JWT sent as {@code authorization: Bearer <token>} on every call, or {@code null};
 *     requires TLS (as Danube's own clients do)
 * @param rpcTimeout the deadline of every unary RPC (SendMessage: enforced by a sweep, within
 *     1-1.25 times this)
 * @param retryBudget how long one operation (create, send) may keep retrying before it fails
 * @param backoffBase first retry delay; grows linearly per attempt, jittered
 * @param backoffMax the largest retry delay
 * @param healthCheckInterval how often registered producers and consumers are health-checked
 * @param directCallbacks {@code false} (the default): futures complete and callbacks run on the
 *     client's own {@code danube-callback} thread, so they may take their time. {@code true}: they
 *     run on the gRPC I/O thread that received the answer, which saves a thread hand-off and a
 *     wake-up per message (docs/PERFORMANCE.md has the measured cost) but stalls every call on that
 *     connection while a callback runs: only for callers whose callbacks never block
 */
public record DanubeClientConfig(
    String serviceUrl,
    TlsConfig tls,
    String token,
    Duration rpcTimeout,
    Duration retryBudget,
    Duration backoffBase,
    Duration backoffMax,
    Duration healthCheckInterval,
    boolean directCallbacks) {

  public DanubeClientConfig {
    Objects.requireNonNull(serviceUrl, "serviceUrl");
    tls = tls == null ? TlsConfig.DISABLED : tls;
    rpcTimeout = rpcTimeout == null ? Duration.ofSeconds(10) : rpcTimeout;
    retryBudget = retryBudget == null ? Duration.ofSeconds(60) : retryBudget;
    backoffBase = backoffBase == null ? Duration.ofMillis(200) : backoffBase;
    backoffMax = backoffMax == null ? Duration.ofSeconds(5) : backoffMax;
    healthCheckInterval = healthCheckInterval == null ? Duration.ofSeconds(5) : healthCheckInterval;
  }

  /** Defaults for everything but the URL. */
  public static DanubeClientConfig of(String serviceUrl) {
    return new DanubeClientConfig(serviceUrl, null, null, null, null, null, null, null, false);
  }

  public DanubeClientConfig withTls(TlsConfig t) {
    return copy(c -> c.tls = t);
  }

  public DanubeClientConfig withToken(String t) {
    return copy(c -> c.token = t);
  }

  public DanubeClientConfig withRpcTimeout(Duration d) {
    return copy(c -> c.rpcTimeout = d);
  }

  public DanubeClientConfig withRetryBudget(Duration d) {
    return copy(c -> c.retryBudget = d);
  }

  public DanubeClientConfig withBackoff(Duration base, Duration max) {
    return copy(
        c -> {
          c.backoffBase = base;
          c.backoffMax = max;
        });
  }

  public DanubeClientConfig withHealthCheckInterval(Duration d) {
    return copy(c -> c.healthCheckInterval = d);
  }

  /** Sets {@link #directCallbacks()}. */
  public DanubeClientConfig withDirectCallbacks(boolean direct) {
    return copy(c -> c.directCallbacks = direct);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "DanubeClientConfig[serviceUrl="
        + serviceUrl
        + ", tls="
        + tls
        + ", token="
        + (token == null ? "none" : "[hidden]")
        + ", rpcTimeout="
        + rpcTimeout
        + ", retryBudget="
        + retryBudget
        + "]";
  }

  /** This config with what {@code change} sets in a copy of its fields (validated again). */
  private DanubeClientConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new DanubeClientConfig(
        f.serviceUrl,
        f.tls,
        f.token,
        f.rpcTimeout,
        f.retryBudget,
        f.backoffBase,
        f.backoffMax,
        f.healthCheckInterval,
        f.directCallbacks);
  }

  /** The components as mutable fields, for {@link #copy}. */
  private static final class Fields {
    String serviceUrl;
    TlsConfig tls;
    String token;
    Duration rpcTimeout;
    Duration retryBudget;
    Duration backoffBase;
    Duration backoffMax;
    Duration healthCheckInterval;
    boolean directCallbacks;

    Fields(DanubeClientConfig c) {
      serviceUrl = c.serviceUrl;
      tls = c.tls;
      token = c.token;
      rpcTimeout = c.rpcTimeout;
      retryBudget = c.retryBudget;
      backoffBase = c.backoffBase;
      backoffMax = c.backoffMax;
      healthCheckInterval = c.healthCheckInterval;
      directCallbacks = c.directCallbacks;
    }
  }
}
