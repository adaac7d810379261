/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Captures the log events of {@code io.dsm.connector} (with their MDC) while open. */
final class CapturedLogs implements AutoCloseable {
  record Line(
      String level, String logger, String thread, String message, Map<String, String> mdc) {}

  private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
  private final Logger logger;
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
          lines.add(
              new Line(
                  e.getLevel().toString(),
                  e.getLoggerName(),
                  e.getThreadName(),
                  e.getFormattedMessage(),
                  Map.copyOf(e.getMDCPropertyMap())));
        }
      };

  CapturedLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logger = context.getLogger("io.dsm.connector");
    appender.setContext(context);
    appender.setName("captured-" + System.identityHashCode(this));
    appender.start();
    logger.addAppender(appender);
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  List<Line> containing(String text) {
    return lines.stream().filter(l -> l.message().contains(text)).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
