/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.connector.danube.DanubeFailures;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.TlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Danube client settings of the connector ({@code DANUBE_*}: URL, TLS, mutual TLS, bearer
 * token) and a connection check that exercises all of them without producing anything.
 */
public final class DanubeConnection {
  private DanubeConnection() {}

  /**
   * The client configuration for {@code d}. An {@code https://} URL implies TLS (in the client
   * too); the client refuses a token without TLS. Callbacks are direct: the connector's completion
   * path only updates counters, acknowledges to MQTT and schedules resends, never blocking, so the
   * hand-off to a callback thread per message is pure cost.
   */
  public static DanubeClientConfig clientConfig(DanubeSettings d) {
    TlsSettings t = d.tls() == null ? TlsSettings.DISABLED : d.tls();
    return DanubeClientConfig.of(d.serviceUrl())
        .withTls(new TlsConfig(t.enabled(), t.caFile(), t.certFile(), t.keyFile()))
        .withToken(d.token())
        .withDirectCallbacks(true);
  }

  /**
   * Looks up every topic in {@code topics} (a read-only, authenticated call), retrying for at most
   * {@code timeout}.
   *
   * @return one line per topic: whether it exists and with how many partitions
   * @throws ConnectorStartException with one line naming the cause; {@link
   *     ConnectorStartException#dependencyUnavailable()} true when Danube was unreachable rather
   *     than refusing us
   */
  public static List<String> check(DanubeSettings d, List<String> topics, Duration timeout)
      throws ConnectorStartException {
    List<String> lines = new ArrayList<>();
    DanubeClientConfig cfg =
        clientConfig(d)
            .withRetryBudget(timeout)
            .withRpcTimeout(timeout)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    try (DanubeClient client = DanubeClients.create(cfg)) {
      for (String topic : new LinkedHashSet<>(topics)) {
        List<String> partitions =
            client.topicPartitions(topic).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        lines.add(
            partitions.isEmpty()
                ? "Danube topic " + topic + ": does not exist yet (created at start)"
                : "Danube topic " + topic + ": exists (" + partitions.size() + " partition(s))");
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConnectorStartException(
          "cannot use Danube at " + d.serviceUrl() + ": " + DanubeFailures.describe(cause),
          !DanubeFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      throw new ConnectorStartException(
          "Danube at " + d.serviceUrl() + " did not answer within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted while checking Danube", true, e);
    } catch (IllegalArgumentException e) {
      // unusable TLS files or a token without TLS: a configuration problem
      throw new ConnectorStartException(
          "cannot use Danube at " + d.serviceUrl() + ": " + e.getMessage(), false, e);
    }
    return lines;
  }
}
