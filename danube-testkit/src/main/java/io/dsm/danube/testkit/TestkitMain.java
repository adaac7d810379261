/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the testkit: {@code danube-testkit serve [--port 6650] [--admin-port 50051]
 * [--namespace NAME]... [--mode cluster|standalone] [--brokers N] [--max-message-size BYTES]}.
 *
 * <p>Once ready, {@code serve} prints exactly one line to stdout, {@code danube-testkit listening
 * on <serviceUrl> (admin <adminUrl>)}, which scripts wait for; it stops cleanly with exit code 0 on
 * SIGTERM or SIGINT.
 */
@Command(
    name = "danube-testkit",
    mixinStandardHelpOptions = true,
    version = "danube-testkit 0.1.0 (Danube v0.15.1 client protocol)",
    description = {
      "In-memory Danube broker for tests and demos.",
      "",
      "*** NOT A PRODUCTION BROKER: nothing is persisted, nothing is secured, memory grows with"
          + " every message. ***"
    },
    subcommands = {TestkitMain.Serve.class})
public final class TestkitMain implements Callable<Integer> {
  static final String WARNING =
      "WARNING: danube-testkit is an in-memory TEST DOUBLE, NOT a production broker:"
          + " messages live in memory only and are lost on exit.";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private TestkitMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, null);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line; {@code serve} blocks until {@code stop} is counted down (tests) or, when
   * {@code stop} is null, until the JVM receives SIGTERM/SIGINT.
   */
  static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
    CommandLine cli = new CommandLine(new TestkitMain());
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("danube-testkit: " + e.getMessage());
          return 1;
        });
    Serve serve = cli.getSubcommands().get("serve").getCommand();
    serve.out = out;
    serve.err = err;
    serve.stop = stop;
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Broker mode as typed on the command line. */
  enum ModeOption {
    cluster,
    standalone
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Runs in-memory Danube brokers until SIGTERM/SIGINT.",
        "*** NOT A PRODUCTION BROKER. For tests and demos only. ***"
      })
  static final class Serve implements Callable<Integer> {
    PrintStream out = System.out;
    PrintStream err = System.err;
    CountDownLatch stop;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--port",
        defaultValue = "6650",
        description = "Port of broker 0; broker i listens on port + i; 0 picks free ports.")
    int port;

    @Option(
        names = "--admin-port",
        defaultValue = "50051",
        description =
            "Admin API port of broker 0 (Danube's default 50051); broker i listens on"
                + " admin-port + i; 0 picks free ports.")
    int adminPort;

    @Option(
        names = "--namespace",
        paramLabel = "NAME",
        description =
            "Namespace to create at start besides default and system (Danube's"
                + " bootstrap_namespaces); repeatable.")
    List<String> namespaces = new ArrayList<>();

    @Option(
        names = "--admin-tls",
        description =
            "Serve the admin port over TLS too (needs --tls-cert), as Danube's admin_tls.")
    boolean adminTls;

    @Option(
        names = "--mode",
        defaultValue = "cluster",
        description =
            "cluster (creating CreateProducer answers UNAVAILABLE, retry succeeds) or"
                + " standalone.")
    ModeOption mode;

    @Option(names = "--brokers", defaultValue = "1", description = "Number of brokers.")
    int brokers;

    @Option(
        names = "--max-message-size",
        defaultValue = "10485760",
        description = "Payload limit in bytes; 0 = unlimited.")
    long maxMessageSize;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
    String host;

    @Option(
        names = "--advertised-host",
        description =
            "Host in service and lookup URLs (default: --host, or 127.0.0.1 for 0.0.0.0).")
    String advertisedHost;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve TLS (https URLs).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM PKCS#8 private key for --tls-cert.")
    Path tlsKey;

    @Option(
        names = "--tls-client-ca",
        description = "PEM CA: require client certificates issued by it (mutual TLS).")
    Path tlsClientCa;

    @Option(
        names = "--jwt-secret-file",
        description =
            "File whose bytes are the HS256 secret: require JWTs, as Danube's" + " auth.mode tls.")
    Path jwtSecretFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
      err.println(WARNING);
      err.flush();
      InMemoryDanubeBroker.Builder builder =
          InMemoryDanubeBroker.builder()
              .port(port)
              .adminPort(adminPort)
              .adminTls(adminTls)
              .mode(InMemoryDanubeBroker.Mode.valueOf(mode.name().toUpperCase(Locale.ROOT)))
              .brokers(brokers)
              .maxMessageSize(maxMessageSize)
              .bindHost(host);
      if (advertisedHost != null) {
        builder.advertisedHost(advertisedHost);
      }
      for (String namespace : namespaces) {
        try {
          builder.namespace(namespace);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--namespace: " + e.getMessage());
        }
      }
      if (adminTls && tlsCert == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--admin-tls needs --tls-cert and --tls-key");
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tls-cert and --tls-key must be given together");
      }
      if (tlsCert != null) {
        builder.tls(new TlsServerConfig(tlsCert, tlsKey, tlsClientCa));
      } else if (tlsClientCa != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tls-client-ca needs --tls-cert and --tls-key");
      }
      if (jwtSecretFile != null) {
        builder.jwtSecret(Files.readAllBytes(jwtSecretFile));
      }
      InMemoryDanubeBroker broker = builder.start();
      CountDownLatch stopSignal = stop;
      if (stopSignal == null) {
        stopSignal = new CountDownLatch(1);
        installSignalHandling(broker, stopSignal);
      }
      if (broker.brokerCount() > 1) {
        err.println("danube-testkit: brokers " + String.join(" ", broker.brokerUrls()));
        List<String> admins = new ArrayList<>();
        for (int i = 0; i < broker.brokerCount(); i++) {
          admins.add(broker.adminUrl(i));
        }
        err.println("danube-testkit: admin " + String.join(" ", admins));
      }
      out.println(
          "danube-testkit listening on "
              + broker.serviceUrl()
              + " (admin "
              + broker.adminUrl()
              + ")");
      out.flush();
      stopSignal.await();
      broker.close();
      return 0;
    }

    // A JVM stopped by a signal exits with 128+signal after its hooks; halting with 0 after a
    // clean shutdown is what lets scripts and CI treat SIGTERM as a normal stop.
    private void installSignalHandling(InMemoryDanubeBroker broker, CountDownLatch stopSignal) {
      Thread hook =
          new Thread(
              () -> {
                stopSignal.countDown();
                broker.close();
                err.println("danube-testkit: stopped");
                err.flush();
                out.flush();
                Runtime.getRuntime().halt(0);
              },
              "danube-testkit-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }
}
