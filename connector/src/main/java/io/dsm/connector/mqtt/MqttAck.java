/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges one received message to the MQTT broker (PUBACK for QoS 1, PUBREC for QoS 2). The
 * HiveMQ client sends acknowledgements in receive order by itself, so callers may acknowledge from
 * any thread in any order. Idempotent: only the first {@link #acknowledge()} has an effect.
 * Thread-safe.
 */
public final class MqttAck {
  private static final Logger LOG = LoggerFactory.getLogger(MqttAck.class);

  /** For messages that need no acknowledgement (QoS 0, or already acknowledged at receipt). */
  public static final MqttAck NONE = new MqttAck(() -> {});

  private final Runnable acknowledge;
  private final AtomicBoolean done = new AtomicBoolean();

  private MqttAck(Runnable acknowledge) {
    this.acknowledge = acknowledge;
  }

  /** Wraps the client's acknowledge action. */
  public static MqttAck of(Runnable acknowledge) {
    return new MqttAck(acknowledge);
  }

  /** Sends the acknowledgement once; later calls do nothing. Never throws. */
  public void acknowledge() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    try {
      acknowledge.run();
    } catch (RuntimeException e) {
      // The session the message belonged to has ended (e.g. a clean-session reconnect): the
      // broker has forgotten the message, so there is nothing left to acknowledge.
      LOG.debug("MQTT acknowledgement not sent: {}", e.toString());
    }
  }

  /** Whether {@link #acknowledge()} was called. */
  public boolean isAcknowledged() {
    return done.get();
  }
}
