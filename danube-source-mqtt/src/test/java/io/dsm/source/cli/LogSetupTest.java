/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.dsm.runtime.cli.LogSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @AfterEach
  void restore() throws Exception {
    // back to logback.xml for the other tests in this JVM
    context.reset();
    new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
  }

  @Test
  void logLevelSetsTheRootLevel() {
    LogSetup.apply("debug", "text");
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    LogSetup.apply("off", "text");
    assertThat(root.getLevel()).isEqualTo(Level.OFF);
  }

  @Test
  void jsonFormatReplacesTheTextAppender() {
    assertThat(root.getAppender("TEXT")).isNotNull();
    LogSetup.apply("info", "json");
    assertThat(root.getAppender("TEXT")).isNull();
    assertThat(root.getAppender("JSON")).isNotNull();
  }
}
