/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PublishLedgerTest {
  @Test
  void aPublishedMessageIsFoundOnceWithItsTime() {
    PublishLedger ledger = new PublishLedger();
    ledger.published("a/b", new byte[] {1, 2}, 42);

    assertThat(ledger.take("a/b", new byte[] {1, 2}))
        .isEqualTo(new PublishLedger.Origin(true, OptionalLong.of(42)));
    assertThat(ledger.take("a/b", new byte[] {1, 2})).isEqualTo(PublishLedger.Origin.EXTERNAL);
  }

  @Test
  void topicAndEveryPayloadByteTellMessagesApart() {
    PublishLedger ledger = new PublishLedger();
    ledger.published("a/b", new byte[] {(byte) 0xff}, 1);

    assertThat(ledger.take("a/c", new byte[] {(byte) 0xff}).simulated()).isFalse();
    assertThat(ledger.take("a/b", new byte[] {(byte) 0xfe}).simulated()).isFalse();
    assertThat(ledger.take("a/b", new byte[] {(byte) 0xff}).simulated()).isTrue();
  }

  @Test
  void aRetainedMessageIsOursWithoutALatency() {
    PublishLedger ledger = new PublishLedger();
    ledger.publishedWithoutTime("sensors/config", new byte[] {7});

    assertThat(ledger.take("sensors/config", new byte[] {7}))
        .isEqualTo(new PublishLedger.Origin(true, OptionalLong.empty()));
  }

  @Test
  void staysBoundedWhenNothingIsTaken() {
    PublishLedger ledger = new PublishLedger();
    for (int i = 0; i < PublishLedger.CAPACITY + 10; i++) {
      ledger.published("t", Integer.toString(i).getBytes(), i);
    }
    assertThat(ledger.size()).isEqualTo(PublishLedger.CAPACITY);
  }
}
