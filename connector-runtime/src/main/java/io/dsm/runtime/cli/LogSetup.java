/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Applies LOG_LEVEL and LOG_FORMAT to logback (configured by {@code logback.xml}). */
public final class LogSetup {
  private static final String TEXT_APPENDER = "TEXT";
  private static final String JSON_APPENDER = "JSON";

  /** MDC keys the connector sets (io.dsm.connector.internal.LogContext). */
  static final String MDC_CONNECTOR = "connector";

  static final String MDC_ROUTE = "route";

  private LogSetup() {}

  /**
   * Sets the root level and, for {@code json}, replaces the text appender by a JSON-lines one on
   * stderr. Does nothing when logback is not the SLF4J backend.
   */
  public static void apply(String level, String format) {
    apply(level, format, null);
  }

  /**
   * As {@link #apply(String, String)}; JSON lines carry {@code connectorName} as {@code connector}
   * when the line's MDC has none (lines of the MQTT and gRPC client threads).
   */
  public static void apply(String level, String format, String connectorName) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    if ("json".equals(format) && root.getAppender(JSON_APPENDER) == null) {
      JsonLineEncoder encoder = new JsonLineEncoder(connectorName);
      encoder.setContext(context);
      encoder.start();
      ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
      appender.setContext(context);
      appender.setName(JSON_APPENDER);
      appender.setTarget("System.err");
      appender.setEncoder(encoder);
      appender.start();
      root.addAppender(appender);
      root.detachAppender(TEXT_APPENDER);
    }
  }

  /**
   * One self-contained JSON object per line with flat, stable field names: {@code timestamp}
   * (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message} (rendered),
   * {@code connector}, {@code route} (when the line is about one route) and {@code exception} (the
   * stack trace, when there is one). Logback's own JsonEncoder nests the MDC and names fields
   * differently, which log pipelines would have to remap.
   */
  static final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private final String defaultConnector;

    JsonLineEncoder(String defaultConnector) {
      this.defaultConnector = defaultConnector;
    }

    @Override
    public byte[] headerBytes() {
      return null;
    }

    @Override
    public byte[] footerBytes() {
      return null;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
      StringBuilder b = new StringBuilder(256);
      b.append('{');
      field(b, "timestamp", Instant.ofEpochMilli(e.getTimeStamp()).toString(), true);
      field(b, "level", e.getLevel().toString(), false);
      field(b, "logger", e.getLoggerName(), false);
      field(b, "thread", e.getThreadName(), false);
      field(b, "message", e.getFormattedMessage(), false);
      Map<String, String> mdc = e.getMDCPropertyMap();
      String connector = mdc == null ? null : mdc.get(MDC_CONNECTOR);
      if (connector == null) {
        connector = defaultConnector;
      }
      if (connector != null) {
        field(b, "connector", connector, false);
      }
      String route = mdc == null ? null : mdc.get(MDC_ROUTE);
      if (route != null) {
        field(b, "route", route, false);
      }
      IThrowableProxy thrown = e.getThrowableProxy();
      if (thrown != null) {
        field(b, "exception", ThrowableProxyUtil.asString(thrown), false);
      }
      b.append("}\n");
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder b, String name, String value, boolean first) {
      if (!first) {
        b.append(',');
      }
      string(b, name);
      b.append(':');
      string(b, value == null ? "" : value);
    }

    private static void string(StringBuilder b, String s) {
      b.append('"');
      JsonStringEncoder.getInstance().quoteAsString(s, b);
      b.append('"');
    }
  }
}
