/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.health;

import io.dsm.connector.mqtt.MqttConnectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the MQTT connection as {@code MqttIntake} reports it: whether it is up, which route
 * filters the broker granted in the current session, and how often it was lost, re-established or
 * failed. Readiness and the connection metrics read it. Called on the MQTT client's threads; it
 * only updates atomics, never blocks and never throws. Thread-safe.
 */
public final class MqttConnectionTracker implements MqttConnectionListener {
  private final List<String> filters;
  private final Map<String, Integer> granted = new ConcurrentHashMap<>();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong losses = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private volatile boolean connected;
  private volatile String lastProblem;

  /**
   * @param filters every filter the intake subscribes
   */
  public MqttConnectionTracker(List<String> filters) {
    this.filters = List.copyOf(filters);
  }

  @Override
  public void connected(boolean sessionPresent) {
    if (!sessionPresent) {
      // A new session has no subscriptions: not subscribed until the broker grants them again.
      granted.clear();
    }
    connects.incrementAndGet();
    lastProblem = null;
    connected = true;
  }

  @Override
  public void disconnected(String oneLineCause) {
    connected = false;
    lastProblem = oneLineCause;
    losses.incrementAndGet();
  }

  @Override
  public void subscribed(String filter, int grantedQos) {
    granted.put(filter, grantedQos);
  }

  @Override
  public void connectFailed(String oneLineCause) {
    lastProblem = oneLineCause;
    connectFailures.incrementAndGet();
  }

  /** Whether the connection is up. */
  public boolean connected() {
    return connected;
  }

  /** Whether the broker granted every filter in the current session. */
  public boolean subscribed() {
    return missingSubscriptions().isEmpty();
  }

  /** The filters not (or no longer) granted, in subscription order. */
  public List<String> missingSubscriptions() {
    List<String> missing = new ArrayList<>();
    for (String f : filters) {
      Integer q = granted.get(f);
      if (q == null || q < 0) {
        missing.add(f);
      }
    }
    return missing;
  }

  /** Connections established after the first one. */
  public long reconnects() {
    return Math.max(0, connects.get() - 1);
  }

  /** Established connections that were lost. */
  public long connectionLosses() {
    return losses.get();
  }

  /** Connect attempts (the first and reconnects) that failed. */
  public long connectFailures() {
    return connectFailures.get();
  }

  /** Why the connection was last lost or refused; null while connected. */
  public String lastProblem() {
    return lastProblem;
  }
}
