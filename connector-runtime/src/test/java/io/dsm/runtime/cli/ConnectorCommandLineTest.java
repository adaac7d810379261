/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.connector.config.ConfigLoader;
import io.dsm.connector.config.ConnectorSettings;
import io.dsm.connector.config.EnvSource;
import io.dsm.connector.config.InvalidConfigException;
import io.dsm.connector.config.Settings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.ConnectorStartException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared command line with a scripted connector: no network but one refused connection. */
class ConnectorCommandLineTest {
  private static final Map<String, String> ENV =
      Map.of(
          "DANUBE_SERVICE_URL", "http://127.0.0.1:6650",
          "CONNECTOR_NAME", "widget-1",
          "MQTT_BROKER_HOST", "127.0.0.1",
          "MQTT_CLIENT_ID", "widget-1",
          "MQTT_TOPICS", "a/#",
          "METRICS_PORT", "0");

  private final ScriptedConnector connector = new ScriptedConnector();
  private final TestShutdown shutdown = new TestShutdown();
  private String out;
  private String err;

  private int run(Map<String, String> env, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code =
          ConnectorCommandLine.create(connector, new CommandContext(env, po, pe, shutdown))
              .execute(args);
    }
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void flagsOfTheTopCommandAndTheSubcommandMergeAndTheSubcommandWins() {
    int code =
        run(ENV, "--mqtt-host", "top", "--topics", "x/y", "print-config", "--mqtt-host", "sub");

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(connector.flags).containsExactly(Map.of("--mqtt-host", "sub", "--topics", "x/y"));
  }

  @Test
  void invalidConfigurationExits78BeforeAnythingIsCreated() {
    Map<String, String> env = new HashMap<>(ENV);
    env.put("MQTT_BROKER_PORT", "0");

    assertThat(run(env, "run")).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(err).contains("MQTT_BROKER_PORT (env): \"0\" is out of range");
    assertThat(connector.created).isZero();
  }

  @ParameterizedTest
  @CsvSource({"CONFIGURATION, 78", "UNAVAILABLE, 69", "FAILURE, 1"})
  void aStartFailureExitsWithTheCodeOfItsKind(Kind kind, int exitCode) {
    connector.startFailure = new ConnectorStartException("no way", kind, null);

    assertThat(run(ENV)).isEqualTo(exitCode);
    assertThat(err).isEqualTo("fake-connector: cannot start: no way" + System.lineSeparator());
    assertThat(connector.closed).isTrue();
    assertThat(shutdown.done).isEqualTo(exitCode);
  }

  @Test
  void aRuntimeFailureExits1NamingTheConnector() {
    connector.terminated.completeExceptionally(new IllegalStateException("boom"));

    assertThat(run(ENV, "run")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err).isEqualTo("fake-connector: widget failed: boom" + System.lineSeparator());
    assertThat(connector.closed).isTrue();
  }

  @Test
  void aStopRequestClosesTheConnectorAndExits0() {
    shutdown.requested.complete(null);

    assertThat(run(ENV)).isEqualTo(ExitCodes.OK);
    assertThat(connector.closed).isTrue();
    assertThat(shutdown.done).isEqualTo(ExitCodes.OK);
    assertThat(err).isEmpty();
  }

  @Test
  void checkListsTheConnectorsRoutesAndPrintsWarnings() {
    Map<String, String> env = new HashMap<>(ENV);
    env.put("POLL_INTERVAL_MS", "5");

    assertThat(run(env, "check")).isEqualTo(ExitCodes.OK);
    assertThat(out)
        .isEqualTo(
            String.join(System.lineSeparator(), "configuration OK: 1 route", "  route a/#", ""));
    assertThat(err).startsWith("warning: POLL_INTERVAL_MS is set but has no effect");
  }

  @Test
  void checkConnectTriesBothSidesAndExits69WhenOneIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(ENV);
    env.put("MQTT_BROKER_PORT", Integer.toString(closedPort));

    int code = run(env, "check", "--connect", "--connect-timeout", "2");

    assertThat(code).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
    assertThat(err).startsWith("MQTT FAILED: ");
    assertThat(out).endsWith("Danube ok: scripted" + System.lineSeparator());
    assertThat(connector.connectTimeout).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void helpAndVersionCarryTheConnectorsTexts() {
    assertThat(run(Map.of(), "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out)
        .startsWith("Usage: fake-connector ")
        .contains("A scripted widget.", "run", "check", "print-config")
        .contains("--topics=FILTERS", "Topic filters (overrides MQTT_TOPICS)")
        .contains("--mqtt-host=HOST", "MQTT broker host (overrides MQTT_BROKER_HOST)")
        .contains("78 invalid configuration");

    run(Map.of(), "run", "--help");
    assertThat(out).contains("Run the widget until SIGTERM or SIGINT (the default command).");

    run(Map.of(), "check", "--help");
    assertThat(out).contains("--connect", "Ask both sides.", "--connect-timeout=SECONDS");

    assertThat(run(Map.of(), "--version")).isEqualTo(ExitCodes.OK);
    assertThat(out).startsWith("fake-connector ").contains("commit ", "Java ");
  }

  @Test
  void usageErrorsExit2AndPointToHelp() {
    assertThat(run(ENV, "check", "--bogus")).isEqualTo(ExitCodes.USAGE);
    assertThat(err)
        .startsWith("fake-connector: ")
        .contains("--bogus")
        .endsWith("Try 'fake-connector --help'" + System.lineSeparator());
  }

  /** A connector whose start, end and Danube check the test scripts. */
  private static final class ScriptedConnector implements ConnectorCli<ConnectorSettings> {
    final List<Map<String, String>> flags = new ArrayList<>();
    final CompletableFuture<Void> terminated = new CompletableFuture<>();
    ConnectorStartException startFailure;
    int created;
    volatile boolean closed;
    Duration connectTimeout;

    @Override
    public String name() {
      return "fake-connector";
    }

    @Override
    public String noun() {
      return "widget";
    }

    @Override
    public String[] description() {
      return new String[] {"A scripted widget."};
    }

    @Override
    public List<ConfigFlag> flags() {
      return List.of(new ConfigFlag(Settings.MQTT_TOPICS, "FILTERS", "Topic filters"));
    }

    @Override
    public String connectHelp() {
      return "Ask both sides.";
    }

    @Override
    public Loaded<ConnectorSettings> load(EnvSource env, Map<String, String> given)
        throws InvalidConfigException {
      if (given.containsKey("--mqtt-host")) {
        flags.add(given);
      }
      return Loaded.of(ConfigLoader.load(env, given));
    }

    @Override
    public ConnectorSettings common(ConnectorSettings settings) {
      return settings;
    }

    @Override
    public List<String> routeLines(Loaded<ConnectorSettings> config) {
      return config.settings().routes().stream().map(r -> "route " + r.from()).toList();
    }

    @Override
    public String startSummary(ConnectorSettings settings) {
      return "scripted";
    }

    @Override
    public Handle create(ConnectorSettings settings) {
      created++;
      return Handle.of(
          () -> {
            if (startFailure != null) {
              throw startFailure;
            }
          },
          () -> terminated,
          () -> {
            closed = true;
            terminated.complete(null);
          });
    }

    @Override
    public List<String> checkDanube(ConnectorSettings settings, Duration timeout) {
      connectTimeout = timeout;
      return List.of("Danube ok: scripted");
    }
  }

  /** A stop request the test makes; remembers the command's exit code. */
  private static final class TestShutdown implements ShutdownSignal {
    final CompletableFuture<Void> requested = new CompletableFuture<>();
    volatile Integer done;

    @Override
    public CompletableFuture<Void> install(Duration grace) {
      return requested;
    }

    @Override
    public void commandDone(int exitCode) {
      done = exitCode;
    }
  }
}
