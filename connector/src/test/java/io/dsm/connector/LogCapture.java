/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event (at the levels of the application's debug logging) while open, so tests
 * can assert what operators would see, including exception messages and causes, e.g. that no secret
 * appears anywhere.
 */
public final class LogCapture implements AutoCloseable {
  /**
   * The levels the application has with {@code LOG_LEVEL=debug} (its logback.xml pins the transport
   * internals, whose frame loggers would print raw headers, above DEBUG).
   */
  private static final Map<String, Level> LEVELS =
      Map.of(
          "io.dsm", Level.DEBUG,
          "com.hivemq.client", Level.DEBUG,
          "com.hivemq.client.internal", Level.INFO,
          "io.grpc", Level.DEBUG,
          "io.grpc.netty", Level.WARN,
          "io.netty", Level.WARN);

  /**
   * Keeps each event with the MDC and thread it was logged with: logback reads the MDC lazily, so
   * an event kept for later must take its snapshot while it is appended.
   */
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
          e.prepareForDeferredProcessing();
          super.append(e);
        }
      };

  private final Logger root;
  private final Map<Logger, Level> previous = new HashMap<>();

  public LogCapture() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LEVELS.forEach(
        (name, level) -> {
          Logger l = ctx.getLogger(name);
          previous.put(l, l.getLevel());
          l.setLevel(level);
        });
    appender.setContext(ctx);
    appender.start();
    root.addAppender(appender);
  }

  /** Every captured event, formatted, followed by its exception chain (class and message). */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : events()) {
      StringBuilder sb =
          new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(" | caused by ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** The captured events themselves. */
  public List<ILoggingEvent> events() {
    synchronized (appender) { // AppenderBase appends while holding the appender's lock
      return List.copyOf(appender.list);
    }
  }

  /**
   * The events of the connector's own loggers ({@code io.dsm.connector.*}, and {@code
   * io.dsm.runtime.*}, the code it shares with the sink) at {@code atLeast} or above: what an
   * operator sees from the connector at that log level.
   */
  public List<ILoggingEvent> connectorEvents(Level atLeast) {
    return events().stream()
        .filter(
            e ->
                e.getLoggerName().startsWith("io.dsm.connector.")
                    || e.getLoggerName().startsWith("io.dsm.runtime."))
        .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
        .toList();
  }

  /** The connector's events at INFO or above whose formatted message contains {@code text}. */
  public List<ILoggingEvent> containing(String text) {
    return connectorEvents(Level.INFO).stream()
        .filter(e -> e.getFormattedMessage().contains(text))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previous.forEach(Logger::setLevel);
  }
}
