/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy carries the two protocols the fault suite puts it in front of: gRPC (HTTP/2, the
 * connector to Danube) and MQTT (the connector to its broker, here an embedded HiveMQ CE), and each
 * fault reaches the client as that protocol's own failure.
 */
@Timeout(120)
class FaultProxyProtocolsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Closer closer = new Closer();

  @AfterEach
  void stop() throws Exception {
    closer.closeAll();
  }

  // ---- gRPC -----------------------------------------------------------------------------------

  /** A unary method that answers with its request, marshalled as raw bytes. */
  private static final MethodDescriptor<byte[], byte[]> ECHO =
      RawBytesMarshaller.method(MethodDescriptor.MethodType.UNARY, "test.Echo/Echo");

  private static byte[] call(ManagedChannel channel, String text, Duration deadline, boolean wait) {
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return ClientCalls.blockingUnaryCall(
        channel,
        ECHO,
        wait ? options.withWaitForReady() : options,
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static String echo(ManagedChannel channel, String text) {
    return new String(call(channel, text, WAIT, true), StandardCharsets.UTF_8);
  }

  @Test
  void grpcPassesIsDelayedTimesOutInABlackHoleAndIsRefused() throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(
                ServerServiceDefinition.builder("test.Echo")
                    .addMethod(
                        ECHO,
                        ServerCalls.asyncUnaryCall(
                            (request, response) -> {
                              response.onNext(request);
                              response.onCompleted();
                            }))
                    .build())
            .build()
            .start();
    closer.add(() -> server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS));
    FaultProxy proxy = closer.add(FaultProxy.start("127.0.0.1", server.getPort()));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(proxy.host(), proxy.port()).usePlaintext().build();
    closer.add(() -> channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS));

    assertThat(echo(channel, "plain")).isEqualTo("plain");

    proxy.delay(Duration.ofMillis(100));
    long start = System.nanoTime();
    assertThat(echo(channel, "late")).isEqualTo("late");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .as("request and response each held 100 ms")
        .isGreaterThanOrEqualTo(200);

    proxy.blackHole();
    assertThatThrownBy(() -> call(channel, "lost", Duration.ofMillis(500), false))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

    // The connection lost a request in the hole and is reset; the channel connects anew. A call
    // sent before the channel saw the reset fails with it, as any call on a cut connection does.
    proxy.pass();
    await()
        .atMost(WAIT)
        .ignoreException(StatusRuntimeException.class)
        .until(() -> echo(channel, "reconnected").equals("reconnected"));

    proxy.refuse();
    proxy.cutAll();
    assertThatThrownBy(() -> call(channel, "refused", WAIT, false))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

    proxy.pass();
    channel.resetConnectBackoff();
    assertThat(echo(channel, "back")).isEqualTo("back");
  }

  // ---- MQTT -----------------------------------------------------------------------------------

  @Test
  void mqttPassesIsDelayedAndReconnectsAfterACut() throws Exception {
    EmbeddedHiveMq broker = closer.add(EmbeddedHiveMq.builder().recordAcknowledgements().start());
    FaultProxy proxy = closer.add(FaultProxy.start(broker.host(), broker.port()));
    BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    AtomicInteger disconnects = new AtomicInteger();
    Mqtt5AsyncClient subscriber =
        Mqtt5Client.builder()
            .identifier("behind-proxy")
            .serverHost(proxy.host())
            .serverPort(proxy.port())
            .automaticReconnect()
            .initialDelay(100, TimeUnit.MILLISECONDS)
            .maxDelay(500, TimeUnit.MILLISECONDS)
            .applyAutomaticReconnect()
            .addDisconnectedListener(c -> disconnects.incrementAndGet())
            .buildAsync();
    // A session that outlives the connection keeps the subscription across the cut.
    subscriber
        .connectWith()
        .cleanStart(false)
        .sessionExpiryInterval(60)
        .send()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    closer.add(() -> subscriber.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    subscriber
        .subscribeWith()
        .topicFilter("t/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(p -> arrivals.add(System.nanoTime()))
        .send()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Mqtt5BlockingClient publisher =
        Mqtt5Client.builder()
            .identifier("direct")
            .serverHost(broker.host())
            .serverPort(broker.port())
            .buildBlocking();
    publisher.connect();
    closer.add(publisher::disconnect);

    latencyMillis(publisher, arrivals); // passes through

    proxy.delay(Duration.ZERO, Duration.ofMillis(150));
    assertThat(latencyMillis(publisher, arrivals)).isGreaterThanOrEqualTo(150);

    // Both acknowledged before the cut, so that the broker has nothing to redeliver.
    await().atMost(WAIT).until(() -> broker.pubAcksFrom("behind-proxy") == 2);
    proxy.pass();
    assertThat(proxy.cutAll()).isEqualTo(1);
    await().atMost(WAIT).until(() -> disconnects.get() == 1);
    await().atMost(WAIT).until(() -> subscriber.getState().isConnected());
    assertThat(latencyMillis(publisher, arrivals)).isLessThan(WAIT.toMillis());

    // The delivery after the reconnect was acknowledged through the proxy too.
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(broker.pubAcksFrom("behind-proxy")).isEqualTo(3));
  }

  /** Publishes one QoS 1 message and returns how long it took to reach the subscriber. */
  private static long latencyMillis(Mqtt5BlockingClient publisher, BlockingQueue<Long> arrivals)
      throws InterruptedException {
    long sent = System.nanoTime();
    publisher.publishWith().topic("t/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[10]).send();
    Long arrived = arrivals.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(arrived).as("message arrived through the proxy").isNotNull();
    return TimeUnit.NANOSECONDS.toMillis(arrived - sent);
  }
}
