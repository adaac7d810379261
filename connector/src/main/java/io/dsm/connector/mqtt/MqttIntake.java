/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import io.dsm.common.failure.Failures;
import io.dsm.connector.config.MqttSettings;
import io.dsm.mqtt.client.ConnectResult;
import io.dsm.mqtt.client.ConnectionListener;
import io.dsm.mqtt.client.InboundFlowControl;
import io.dsm.mqtt.client.InboundListener;
import io.dsm.mqtt.client.InboundPublish;
import io.dsm.mqtt.client.MqttClient;
import io.dsm.mqtt.client.MqttClientOptions;
import io.dsm.mqtt.client.MqttClients;
import io.dsm.mqtt.client.MqttConnectException;
import io.dsm.mqtt.client.SubscribeResult;
import io.dsm.mqtt.client.Subscription;
import io.dsm.runtime.mqtt.MqttFailures;
import io.dsm.runtime.mqtt.MqttIntakeException;
import io.dsm.runtime.mqtt.MqttOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The connector's MQTT side: connects (MQTT 3.1.1 or 5), subscribes every route filter, and hands
 * the messages of each socket read to the {@link InboundSink} on the inbound executor in one task.
 * Reconnecting, re-subscribing after a reconnect without session, in-order acknowledgements and
 * stopping the socket when the flow control is full are the MQTT client's ({@link MqttClient}).
 *
 * <p>Threads: the client's {@code mqtt-io} (decoding, the listeners here) and the inbound executor
 * (the Danube client's {@code danube-io} in the connector), where the sink runs.
 */
public final class MqttIntake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttIntake.class);

  private final MqttSettings settings;
  private final List<Subscription> subscriptions;
  private final InboundSink sink;
  private final Executor inbound;
  private final Consumer<InboundPublish> abandon;
  private final MqttConnectionListener listener;
  private final MqttClient client;
  private final String broker;

  /**
   * The creator's MDC (the connector name): the client's callbacks carry it while they log. Null
   * when the creator had none.
   */
  private final Map<String, String> logContext = MDC.getCopyOfContextMap();

  /**
   * @param settings MQTT connection settings (for log lines)
   * @param options the client options made from them ({@link MqttOptions})
   * @param subscriptions the filters to subscribe, each once
   * @param sink receives every message on the inbound executor
   * @param flow admits messages; when it refuses, the client stops reading
   * @param abandon gives back a message that could not be handed to the sink (shutting down)
   * @param listener told about every connect, connect failure, lost connection and subscription
   * @param inbound runs the sink, one task at a time; never blocking
   */
  public MqttIntake(
      MqttSettings settings,
      MqttClientOptions options,
      List<Subscription> subscriptions,
      InboundSink sink,
      InboundFlowControl flow,
      Consumer<InboundPublish> abandon,
      MqttConnectionListener listener,
      Executor inbound) {
    this.settings = settings;
    this.subscriptions = List.copyOf(subscriptions);
    this.sink = sink;
    this.inbound = inbound;
    this.abandon = abandon;
    this.listener = listener == null ? MqttConnectionListener.NONE : listener;
    this.broker = settings.host() + ":" + settings.port();
    this.client = MqttClients.create(options, new Receiver(), flow, new Events());
  }

  /**
   * Connects and subscribes, waiting at most {@code timeout} for each. On failure the client is
   * closed and nothing keeps running.
   *
   * @throws MqttIntakeException naming the broker and what failed
   */
  public void start(Duration timeout) throws MqttIntakeException {
    ConnectResult r;
    try {
      r = client.connect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "Connected to MQTT {} broker {} as '{}' (clean session {}, session present {})",
          settings.protocolVersion() == 5 ? "5" : "3.1.1",
          broker,
          settings.clientId(),
          settings.cleanSession(),
          r.sessionPresent());
    } catch (ExecutionException e) {
      close();
      Throwable cause = Failures.unwrap(e);
      throw new MqttIntakeException(
          "cannot connect to MQTT broker "
              + broker
              + " as client id '"
              + settings.clientId()
              + "': "
              + MqttFailures.describe(cause),
          !MqttFailures.isRefusal(cause),
          cause);
    } catch (TimeoutException e) {
      close();
      throw new MqttIntakeException(
          "MQTT broker " + broker + " did not accept the connection within " + timeout, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MqttIntakeException("interrupted while connecting to " + broker, true, e);
    }
    CompletableFuture<List<SubscribeResult>> subscribed = client.subscribe(subscriptions);
    if (r.sessionPresent()) {
      // The broker replays what it queued for the session before it answers the SUBSCRIBE, and
      // while the window is full the client does not read on: the SUBACK comes once the backlog
      // moves. The session's subscriptions deliver meanwhile; readiness waits for the SUBACK.
      LOG.info(
          "MQTT broker kept the session of '{}': its queued messages flow now; the"
              + " subscriptions are confirmed when the broker answers",
          settings.clientId());
      return;
    }
    try {
      List<SubscribeResult> results = subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> refused =
          results.stream()
              .filter(SubscribeResult::refused)
              .map(x -> x.subscription().filter())
              .toList();
      if (!refused.isEmpty()) {
        close();
        throw new MqttIntakeException(
            "MQTT broker " + broker + " refused the subscription to " + refused, false, null);
      }
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new MqttIntakeException(
          "subscribing at MQTT broker " + broker + " failed: " + Failures.unwrap(e), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new MqttIntakeException("interrupted while subscribing at " + broker, true, e);
    }
  }

  /** Whether the client currently has a connection. */
  public boolean isConnected() {
    return client.isConnected();
  }

  /**
   * Sends the acknowledgements due, then DISCONNECT (a persistent session keeps what was not
   * acknowledged), and stops the client. Idempotent.
   */
  @Override
  public void close() {
    client.close();
  }

  /** Runs {@code r} with the creator's MDC, then restores the thread's own. */
  private void inLogContext(Runnable r) {
    if (logContext == null) {
      r.run();
      return;
    }
    Map<String, String> previous = MDC.getCopyOfContextMap();
    MDC.setContextMap(logContext);
    try {
      r.run();
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }

  /** Collects the messages of one socket read and hands them over in one task. mqtt-io only. */
  private final class Receiver implements InboundListener {
    private List<InboundPublish> batch = new ArrayList<>();

    @Override
    public void onPublish(InboundPublish message) {
      batch.add(message);
    }

    @Override
    public void onBatchEnd() {
      if (batch.isEmpty()) {
        return;
      }
      List<InboundPublish> messages = batch;
      batch = new ArrayList<>();
      try {
        inbound.execute(() -> sink.onMessages(messages));
      } catch (RejectedExecutionException e) {
        messages.forEach(abandon); // shutting down: unacknowledged, the broker keeps them
      }
    }
  }

  /** Logs the connection's life and tells the listener. mqtt-io only. */
  private final class Events implements ConnectionListener {
    @Override
    public void connected(ConnectResult result, boolean reconnect) {
      listener.connected(result.sessionPresent());
      if (reconnect) {
        inLogContext(
            () -> {
              LOG.info(
                  "Reconnected to MQTT broker {} (session present {})",
                  broker,
                  result.sessionPresent());
              if (!result.sessionPresent()) {
                LOG.info(
                    "MQTT broker has no session for '{}'; subscribing again", settings.clientId());
              }
            });
      }
    }

    @Override
    public void connectionLost(String why, long retryInMillis) {
      listener.disconnected(why);
      inLogContext(
          () ->
              LOG.warn(
                  "MQTT connection to {} lost: {}; reconnecting in {} ms",
                  broker,
                  why,
                  retryInMillis));
    }

    @Override
    public void connectFailed(MqttConnectException failure, long retryInMillis) {
      String why = MqttFailures.describe(failure);
      listener.connectFailed(why);
      if (retryInMillis >= 0) {
        // One line per attempt, never a stack trace: a refused reconnect repeats until fixed.
        inLogContext(
            () ->
                LOG.warn(
                    "MQTT reconnect attempt to {} failed: {}; next attempt in {} ms",
                    broker,
                    why,
                    retryInMillis));
      }
    }

    @Override
    public void subscribed(SubscribeResult r, boolean resubscribe) {
      listener.subscribed(r.subscription().filter(), r.grantedQos());
      inLogContext(
          () -> {
            Subscription s = r.subscription();
            if (r.refused()) {
              LOG.error(
                  "MQTT broker refused subscription '{}' (QoS {}, code {})",
                  s.filter(),
                  s.qos(),
                  r.reasonCode());
            } else if (r.grantedQos() < s.qos()) {
              LOG.warn(
                  "Subscribed '{}': requested QoS {}, broker granted only QoS {}",
                  s.filter(),
                  s.qos(),
                  r.grantedQos());
            } else {
              LOG.info(
                  "Subscribed '{}' with granted QoS {}{}",
                  s.filter(),
                  r.grantedQos(),
                  settings.protocolVersion() == 5 && s.subscriptionId() > 0
                      ? " (subscription id " + s.subscriptionId() + ")"
                      : "");
            }
          });
    }

    @Override
    public void disconnectedByBroker(String reason) {
      inLogContext(() -> LOG.warn("{}", reason));
    }
  }
}
