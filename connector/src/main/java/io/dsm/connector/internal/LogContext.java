/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.internal;

import java.util.concurrent.ThreadFactory;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys the connector's log lines carry ({@code connector} on every thread the
 * connector owns, {@code route} on lines about one route), so that JSON logs can be filtered per
 * connector and route. Threads the connector does not own (the MQTT and gRPC clients') get them
 * only for the duration of a {@link #scope}.
 */
public final class LogContext {
  /** MDC key of the connector name. */
  public static final String CONNECTOR = "connector";

  /** MDC key of the route (its MQTT filter). */
  public static final String ROUTE = "route";

  private LogContext() {}

  /**
   * Sets {@code connector} and, when not null, {@code route} until the scope closes, then restores
   * what the thread had before.
   */
  public static Scope scope(String connector, String route) {
    String previousConnector = MDC.get(CONNECTOR);
    String previousRoute = MDC.get(ROUTE);
    MDC.put(CONNECTOR, connector);
    if (route != null) {
      MDC.put(ROUTE, route);
    }
    return () -> {
      restore(CONNECTOR, previousConnector);
      if (route != null) {
        restore(ROUTE, previousRoute);
      }
    };
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Daemon threads named {@code name} whose log lines carry {@code connector}. */
  public static ThreadFactory threads(String name, String connector) {
    return r -> {
      Thread t =
          new Thread(
              () -> {
                MDC.put(CONNECTOR, connector);
                r.run();
              },
              name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Restores the MDC on close; never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
