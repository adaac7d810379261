/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void leavesPrintableTextAloneIncludingNonAscii() {
    String topic = "sensors/ü/测试/+";
    assertThat(LogText.escape(topic)).isSameAs(topic);
  }

  @Test
  void escapesControlCharactersSoOneTopicCannotForgeALogLine() {
    assertThat(LogText.escape("a\nINFO fake line\r\tb\u0000\u007f\\"))
        .isEqualTo("a\\nINFO fake line\\r\\tb\\u0000\\u007f\\\\");
  }
}
