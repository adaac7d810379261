/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.danube;

import io.dsm.common.failure.Failures;
import io.dsm.common.tls.ClientTls;
import io.dsm.common.tls.ClientTlsFiles;
import io.dsm.common.tls.TlsPortProbe;
import io.dsm.connector.config.DanubeSettings;
import io.dsm.connector.config.RouteSettings;
import io.dsm.connector.config.SchemaSettings;
import io.dsm.connector.config.TlsSettings;
import io.dsm.danube.client.DanubeAdminClient;
import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import io.dsm.danube.client.DispatchStrategy;
import io.dsm.danube.client.ProducerConfig;
import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.TlsConfig;
import io.dsm.runtime.ConnectorStartException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
   * Reads and checks the Danube TLS files (CA, client certificate and key) the settings name, so
   * that a file that is present but unusable is reported with its setting before any connection.
   *
   * @throws ConnectorStartException of kind {@code CONFIGURATION} naming the setting and the file
   */
  public static void checkTlsFiles(DanubeSettings d) throws ConnectorStartException {
    TlsSettings t = d.tls() == null ? TlsSettings.DISABLED : d.tls();
    if (!t.enabled() && !d.serviceUrl().startsWith("https://")) {
      return;
    }
    try {
      ClientTls.load(
          new ClientTlsFiles(
              t.caFile(),
              t.certFile(),
              t.keyFile(),
              "DANUBE_TLS_CA_FILE",
              "DANUBE_TLS_CERT_FILE",
              "DANUBE_TLS_KEY_FILE"));
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          e.getMessage(), ConnectorStartException.Kind.CONFIGURATION, e);
    }
  }

  /**
   * What {@code check --connect} does on the Danube side, with every setting it uses: looks up each
   * route target; checks that the targets' namespaces exist (with the admin API when {@code
   * DANUBE_ADMIN_URL} is set; otherwise by creating a producer on each target that does not exist
   * yet, as the connector's start would, since Danube tells a missing namespace only then).
   *
   * @return one line per topic and namespace
   * @throws ConnectorStartException naming the cause: {@code CONFIGURATION} for unusable TLS files,
   *     a plaintext URL against a TLS port, or a namespace that does not exist; {@code UNAVAILABLE}
   *     when Danube could not be reached; {@code FAILURE} when it refused us
   */
  public static List<String> check(
      DanubeSettings d, String connectorName, List<RouteSettings> routes, Duration timeout)
      throws ConnectorStartException {
    return check(d, connectorName, routes, List.of(), timeout);
  }

  /**
   * As {@link #check(DanubeSettings, String, List, Duration)}, and also looks up the routes'
   * dead-letter topics and the {@code [[schemas]]} subjects: a subject that is not registered while
   * its {@code auto_register} is false fails as the connector's start would ({@code
   * CONFIGURATION}).
   */
  public static List<String> check(
      DanubeSettings d,
      String connectorName,
      List<RouteSettings> routes,
      List<SchemaSettings> schemas,
      Duration timeout)
      throws ConnectorStartException {
    checkTlsFiles(d);
    List<String> lines = new ArrayList<>();
    DanubeClientConfig cfg =
        clientConfig(d)
            .withRetryBudget(timeout)
            .withRpcTimeout(timeout)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    Map<String, RouteSettings> targets = new LinkedHashMap<>();
    for (RouteSettings r : routes) {
      if (!r.dynamicTarget()) {
        targets.putIfAbsent(r.to(), r);
      }
    }
    try (DanubeClient client = DanubeClients.create(cfg)) {
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, RouteSettings> t : targets.entrySet()) {
        List<String> partitions =
            client
                .topicPartitions(t.getKey())
                .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        if (!partitions.isEmpty()) {
          lines.add(
              "Danube topic " + t.getKey() + ": exists (" + partitions.size() + " partition(s))");
        } else if (d.adminUrl() == null) {
          lines.add(probe(client, connectorName, t.getValue(), timeout, missing));
        } else {
          lines.add("Danube topic " + t.getKey() + ": does not exist yet (created at start)");
        }
      }
      for (String dlq : deadLetterTopics(routes, targets.keySet())) {
        int partitions =
            client
                .topicPartitions(dlq)
                .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                .size();
        lines.add(
            "Danube dead-letter topic "
                + dlq
                + (partitions > 0
                    ? ": exists (" + partitions + " partition(s))"
                    : ": does not exist yet (created at start)"));
      }
      for (SchemaSettings schema : schemas) {
        lines.add(checkSubject(client, schema, timeout));
      }
      if (d.adminUrl() != null) {
        List<String> existing = listNamespaces(d, timeout);
        for (String ns : namespaces(routes)) {
          if (!existing.contains(ns) && !missing.contains(ns)) {
            missing.add(ns);
          }
        }
        lines.add("Danube namespaces (admin " + d.adminUrl() + "): " + existing);
      }
      if (!missing.isEmpty() && !d.createNamespaces()) {
        throw missingNamespaces(missing);
      }
      if (!missing.isEmpty()) {
        lines.add("Danube namespaces " + missing + ": missing, created at start");
      }
    } catch (ExecutionException e) {
      throw failure(d, Failures.unwrap(e), timeout);
    } catch (TimeoutException e) {
      throw new ConnectorStartException(
          "Danube at " + d.serviceUrl() + " did not answer within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted while checking Danube", true, e);
    } catch (IllegalArgumentException e) {
      throw new ConnectorStartException(
          "cannot use Danube at " + d.serviceUrl() + ": " + e.getMessage(),
          ConnectorStartException.Kind.CONFIGURATION,
          e);
    }
    return lines;
  }

  private static Set<String> deadLetterTopics(List<RouteSettings> routes, Set<String> targets) {
    Set<String> out = new LinkedHashSet<>();
    for (RouteSettings r : routes) {
      if (r.deadLetterTopic() != null && !targets.contains(r.deadLetterTopic())) {
        out.add(r.deadLetterTopic());
      }
    }
    return out;
  }

  /** The subject's latest version, or what start will do about it (the start's own rule). */
  private static String checkSubject(DanubeClient client, SchemaSettings schema, Duration timeout)
      throws InterruptedException, TimeoutException, ExecutionException, ConnectorStartException {
    Optional<SchemaInfo> latest =
        client
            .schemaRegistry()
            .latest(schema.subject())
            .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Optional<String> problem = schema.problemWithRegistered(latest.map(SchemaInfo::schemaType));
    if (problem.isPresent()) {
      throw new ConnectorStartException(
          problem.get(), ConnectorStartException.Kind.CONFIGURATION, null);
    }
    return schema.describeSubject()
        + latest
            .map(l -> ": version " + l.version() + " registered (" + l.schemaType() + ")")
            .orElse(": not registered yet (registered at start: auto_register)");
  }

  /** Creates (and closes) a producer on a target that does not exist, as start would. */
  private static String probe(
      DanubeClient client,
      String connectorName,
      RouteSettings route,
      Duration timeout,
      List<String> missing)
      throws InterruptedException, TimeoutException, ExecutionException {
    ProducerConfig config =
        ProducerConfig.of(
                route.to(),
                connectorName + "-check",
                route.reliableDispatch()
                    ? DispatchStrategy.RELIABLE
                    : DispatchStrategy.NON_RELIABLE)
            .withPartitions(route.partitions());
    try {
      client.createProducer(config).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS).close();
      return "Danube topic " + route.to() + ": did not exist; created now, as start would";
    } catch (ExecutionException e) {
      if (DanubeFailures.isMissingNamespace(e)) {
        missing.add(namespaceOf(route.to()));
        return "Danube topic " + route.to() + ": its namespace does not exist";
      }
      throw e;
    }
  }

  /**
   * Before the producers exist: with {@code DANUBE_ADMIN_URL}, checks (and with {@code
   * DANUBE_CREATE_NAMESPACES=true} creates) the namespaces the routes need.
   *
   * @return one log line, or null when there is no admin URL
   * @throws ConnectorStartException {@code CONFIGURATION} when a namespace is missing and may not
   *     be created; {@code UNAVAILABLE} or {@code FAILURE} when the admin API failed
   */
  public static String prepareNamespaces(
      DanubeSettings d, List<RouteSettings> routes, Duration timeout)
      throws ConnectorStartException {
    if (d.adminUrl() == null) {
      return null;
    }
    List<String> needed = namespaces(routes);
    try (DanubeAdminClient admin =
        DanubeClients.createAdmin(
            d.adminUrl(), clientConfig(d).withRetryBudget(timeout).withRpcTimeout(timeout))) {
      if (d.createNamespaces()) {
        List<String> created =
            admin.ensureNamespaces(needed).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        return "Danube namespaces "
            + needed
            + " ready"
            + (created.isEmpty() ? "" : "; created " + created);
      }
      List<String> existing =
          admin.listNamespaces().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      List<String> missing = needed.stream().filter(ns -> !existing.contains(ns)).toList();
      if (!missing.isEmpty()) {
        throw missingNamespaces(missing);
      }
      return "Danube namespaces " + needed + " exist";
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      throw new ConnectorStartException(
          "Danube admin API at " + d.adminUrl() + " failed: " + DanubeFailures.describe(cause),
          !DanubeFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      throw new ConnectorStartException(
          "Danube admin API at " + d.adminUrl() + " did not answer within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorStartException("interrupted while checking namespaces", true, e);
    }
  }

  private static List<String> listNamespaces(DanubeSettings d, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (DanubeAdminClient admin =
        DanubeClients.createAdmin(
            d.adminUrl(), clientConfig(d).withRetryBudget(timeout).withRpcTimeout(timeout))) {
      return admin.listNamespaces().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }
  }

  /** The namespaces the routes' targets need (of templates: when the namespace is literal). */
  static List<String> namespaces(List<RouteSettings> routes) {
    Set<String> out = new LinkedHashSet<>();
    for (RouteSettings r : routes) {
      String ns = namespaceOf(r.to());
      if (!ns.isEmpty() && !ns.contains("$")) {
        out.add(ns);
      }
      if (r.deadLetterTopic() != null) {
        out.add(namespaceOf(r.deadLetterTopic()));
      }
    }
    return List.copyOf(out);
  }

  private static String namespaceOf(String topic) {
    String t = topic.startsWith("/") ? topic.substring(1) : topic;
    int slash = t.indexOf('/');
    return slash < 0 ? "" : t.substring(0, slash);
  }

  private static ConnectorStartException missingNamespaces(List<String> missing) {
    return new ConnectorStartException(
        (missing.size() == 1
                ? "the Danube namespace " + missing.get(0) + " does not exist"
                : "the Danube namespaces " + missing + " do not exist")
            + ": Danube creates topics only in existing namespaces; create "
            + (missing.size() == 1 ? "it" : "them")
            + " with Danube's admin tool, add "
            + (missing.size() == 1 ? "it" : "them")
            + " to the broker's bootstrap_namespaces, or set DANUBE_ADMIN_URL and"
            + " DANUBE_CREATE_NAMESPACES=true",
        ConnectorStartException.Kind.CONFIGURATION,
        null);
  }

  /**
   * A start or check failure in one line; a plaintext connection that failed against a port that
   * speaks TLS is named as such (a configuration error).
   */
  public static ConnectorStartException failure(
      DanubeSettings d, Throwable cause, Duration probeTimeout) {
    if (DanubeFailures.isMissingNamespace(cause)) {
      return new ConnectorStartException(
          "cannot use Danube at " + d.serviceUrl() + ": " + DanubeFailures.describe(cause),
          ConnectorStartException.Kind.CONFIGURATION,
          cause);
    }
    if (!DanubeFailures.isRefusal(cause) && plaintextAgainstTls(d, probeTimeout)) {
      return new ConnectorStartException(
          "cannot use Danube at "
              + d.serviceUrl()
              + ": the port speaks TLS but the connection was plaintext (use an https://"
              + " DANUBE_SERVICE_URL or DANUBE_TLS=true)",
          ConnectorStartException.Kind.CONFIGURATION,
          cause);
    }
    return new ConnectorStartException(
        "cannot use Danube at " + d.serviceUrl() + ": " + DanubeFailures.describe(cause),
        !DanubeFailures.isRefusal(cause),
        cause);
  }

  private static boolean plaintextAgainstTls(DanubeSettings d, Duration timeout) {
    TlsSettings t = d.tls() == null ? TlsSettings.DISABLED : d.tls();
    if (t.enabled() || d.serviceUrl().startsWith("https://")) {
      return false;
    }
    try {
      URI uri = URI.create(d.serviceUrl());
      return uri.getHost() != null
          && uri.getPort() > 0
          && TlsPortProbe.speaksTls(
              uri.getHost(), uri.getPort(), Duration.ofMillis(Math.min(3000, timeout.toMillis())));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
