/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each mode of the fault proxy, with real sockets to a real echoing server behind it. */
@Timeout(60)
class FaultProxyIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** How long "nothing arrives" is watched for. */
  private static final int QUIET_MILLIS = 400;

  private final Closer closer = new Closer();
  private TcpTarget target;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    target = closer.add(new TcpTarget());
    proxy = closer.add(FaultProxy.start("127.0.0.1", target.port()));
  }

  @AfterEach
  void stop() throws Exception {
    closer.closeAll();
  }

  private Socket connect() throws IOException {
    Socket s = closer.add(new Socket());
    s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5000);
    s.setSoTimeout((int) WAIT.toMillis());
    return s;
  }

  /**
   * A new connection through the proxy, checked to carry {@code message} to the target and back.
   */
  private Socket connectAndEcho(String message) throws IOException {
    Socket s = connect();
    assertEchoes(s, message);
    return s;
  }

  private static byte[] roundTrip(Socket s, byte[] message) throws IOException {
    s.getOutputStream().write(message);
    s.getOutputStream().flush();
    return s.getInputStream().readNBytes(message.length);
  }

  /** {@code message} comes back through the proxy from the echoing target. */
  private static void assertEchoes(Socket s, String message) throws IOException {
    assertThat(new String(roundTrip(s, text(message)), StandardCharsets.US_ASCII))
        .isEqualTo(message);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes {@code data} from another thread while reading the echo; returns the echo. */
  private static byte[] echo(Socket s, byte[] data) throws Exception {
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < data.length; i += 16 * 1024) {
                  out.write(data, i, Math.min(16 * 1024, data.length - i));
                }
                out.flush();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    byte[] back = s.getInputStream().readNBytes(data.length);
    writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return back;
  }

  /** The connection was ended by the proxy: EOF or a reset, not a timeout. */
  private static void assertEnded(Socket s) {
    try {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is still open", e);
    } catch (IOException e) {
      assertThat(e).hasMessageContaining("reset");
    }
  }

  /** Nothing arrives on {@code s} for a while, and the connection stays open. */
  private static void assertSilent(Socket s) throws IOException {
    s.setSoTimeout(QUIET_MILLIS);
    InputStream in = s.getInputStream();
    assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
    s.setSoTimeout((int) WAIT.toMillis());
  }

  @Test
  void passForwardsBothWaysByteForByte() throws Exception {
    byte[] data = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(data);
    Socket s = connect();

    assertThat(echo(s, data)).isEqualTo(data);
    assertThat(proxy.bytesToTarget()).isEqualTo(data.length);
    await().atMost(WAIT).until(() -> proxy.bytesToClient() == data.length);
    assertThat(proxy.openConnections()).isEqualTo(1);
  }

  @Test
  void aClosedClientClosesItsTargetConnection() throws Exception {
    Socket s = connectAndEcho("hi");

    s.close();

    await().atMost(WAIT).until(() -> target.endedConnections() == 1);
    await().atMost(WAIT).until(() -> proxy.openConnections() == 0);
  }

  @Test
  void refuseStopsListeningAndPassListensAgainOnTheSamePort() throws Exception {
    Socket open = connectAndEcho("accepted");
    int port = proxy.port();

    proxy.refuse();

    assertThatThrownBy(() -> new Socket(proxy.host(), port).close())
        .isInstanceOf(ConnectException.class);
    assertEchoes(open, "still here");

    proxy.pass();

    assertThat(proxy.port()).isEqualTo(port);
    connectAndEcho("back");
  }

  @Test
  void closeNewClosesEachNewConnectionAtOnce() throws Exception {
    Socket before = connectAndEcho("accepted");
    proxy.closeNew();

    Socket s = connect();

    assertEnded(s);
    assertEchoes(before, "unaffected");
    assertThat(target.openConnections()).isEqualTo(1);

    proxy.pass();
    connectAndEcho("accepted");
  }

  @Test
  void blackHoleSwallowsBothDirectionsAndKeepsConnectionsOpen() throws Exception {
    Socket s = connectAndEcho("ping");
    long received = target.received();

    proxy.blackHole();
    s.getOutputStream().write(new byte[1000]);
    target.push(text("unasked"));

    assertSilent(s);
    assertThat(target.received()).isEqualTo(received);
    await().atMost(WAIT).until(() -> proxy.bytesDiscarded() == 1000 + "unasked".length());
    assertThat(proxy.openConnections()).isEqualTo(1);
    assertThat(target.openConnections()).isEqualTo(1);

    // A connection made during the black hole is accepted but goes nowhere.
    Socket late = connect();
    late.getOutputStream().write(text("hello?"));
    assertSilent(late);
    assertThat(target.openConnections()).isEqualTo(1);

    proxy.pass();

    // Both lost data (or never reached the target): they cannot go on, so they are ended.
    assertEnded(s);
    assertEnded(late);
    await().atMost(WAIT).until(() -> target.openConnections() == 0);
    connectAndEcho("new");
  }

  @Test
  void anIdleConnectionOutlivesABlackHole() throws Exception {
    Socket s = connectAndEcho("before");

    proxy.blackHole();
    proxy.pass();

    assertEchoes(s, "after");
  }

  @Test
  void delayHoldsEachDirectionByItsOwnAmount() throws Exception {
    Socket s = connectAndEcho("warm-up");

    proxy.delay(Duration.ofMillis(150), Duration.ZERO);
    assertThat(timedRoundTrip(s)).isGreaterThanOrEqualTo(150);

    proxy.delay(Duration.ZERO, Duration.ofMillis(150));
    assertThat(timedRoundTrip(s)).isGreaterThanOrEqualTo(150);

    proxy.delay(Duration.ofMillis(100));
    assertThat(timedRoundTrip(s)).isGreaterThanOrEqualTo(200);

    proxy.pass();
    assertThat(timedRoundTrip(s)).as("no longer delayed").isLessThan(200);
  }

  private static long timedRoundTrip(Socket s) throws IOException {
    long start = System.nanoTime();
    assertEchoes(s, "x");
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void delayKeepsTheOrderOfManySmallWrites() throws Exception {
    Socket s = connect();
    proxy.delay(Duration.ofMillis(30));
    StringBuilder expected = new StringBuilder();
    OutputStream out = s.getOutputStream();
    for (int i = 0; i < 500; i++) {
      String line = String.format(Locale.ROOT, "%05d;", i);
      expected.append(line);
      out.write(text(line));
      out.flush();
    }

    byte[] back = s.getInputStream().readNBytes(expected.length());

    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void delayCarriesHighThroughput() throws Exception {
    Socket s = connect();
    proxy.delay(Duration.ofMillis(50));
    byte[] data = new byte[32 * 1024 * 1024];
    new Random(11).nextBytes(data);

    long start = System.nanoTime();
    byte[] back = echo(s, data);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(Arrays.equals(back, data)).isTrue();
    double mibPerSecond = data.length / (1024.0 * 1024.0) / seconds;
    System.out.printf(
        Locale.ROOT,
        "fault-proxy: 32 MiB echoed through 50 ms each way in %.2f s (%.0f MiB/s)%n",
        seconds,
        mibPerSecond);
    // At a 100 ms round trip this needs half a MiB in flight (a chunk at a time would give
    // 0.6 MiB/s); the proxy allows 8 MiB per direction, so the machine sets the limit.
    assertThat(mibPerSecond).isGreaterThan(5);
  }

  @Test
  void cutAllResetsEveryOpenConnection() throws Exception {
    Socket[] sockets = {connect(), connect(), connect()};
    for (Socket s : sockets) {
      assertEchoes(s, "up");
    }

    assertThat(proxy.cutAll()).isEqualTo(3);

    for (Socket s : sockets) {
      assertEnded(s);
    }
    await().atMost(WAIT).until(() -> target.endedConnections() == 3);
    assertThat(proxy.openConnections()).isZero();
    connectAndEcho("again");
  }

  @Test
  void aTargetThatIsDownResetsTheAcceptedConnection() throws Exception {
    // A port bound but never listened on: nothing can take it over while the test runs (a closed
    // target's port could be bound again by another process), and connects to it are refused.
    Socket reserved = closer.add(new Socket());
    reserved.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
    proxy.close();
    proxy = closer.add(FaultProxy.start("127.0.0.1", reserved.getLocalPort()));

    try (Socket s = new Socket()) {
      try {
        s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5000);
        s.setSoTimeout((int) WAIT.toMillis());
        assertEnded(s);
      } catch (SocketException e) {
        // The reset can overtake the end of the client's own connect.
        assertThat(e).hasMessageContaining("reset");
      }
    }
    await().atMost(WAIT).until(() -> proxy.openConnections() == 0);
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }
}
