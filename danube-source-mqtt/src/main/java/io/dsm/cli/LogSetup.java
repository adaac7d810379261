/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies LOG_LEVEL and LOG_FORMAT to logback (configured by {@code logback.xml}). */
final class LogSetup {
  private static final String TEXT_APPENDER = "TEXT";
  private static final String JSON_APPENDER = "JSON";

  private LogSetup() {}

  /**
   * Sets the root level and, for {@code json}, replaces the text appender by a JSON-lines one on
   * stderr. Does nothing when logback is not the SLF4J backend.
   */
  static void apply(String level, String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    if ("json".equals(format) && root.getAppender(JSON_APPENDER) == null) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      // One self-contained line per event: the rendered message, not the template and arguments.
      encoder.setWithFormattedMessage(true);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
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
}
