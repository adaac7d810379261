/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.testsupport.SequenceLedger.Report;
import io.dsm.testsupport.SequenceLedger.Stamp;
import io.dsm.testsupport.SequenceLedger.TopicReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceLedgerTest {
  private final SequenceLedger ledger = new SequenceLedger();

  /** Sends and confirms {@code n} messages on {@code topic}; returns their payloads. */
  private List<byte[]> publish(String topic, int n) {
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = ledger.next(topic);
      ledger.confirm(p);
      sent.add(p);
    }
    return sent;
  }

  @Test
  void stampsReadBackAndPadToTheAskedSize() {
    byte[] p = ledger.next("sensors/ü/1", 100);

    assertThat(p).hasSize(100);
    assertThat(SequenceLedger.read(p)).contains(new Stamp("sensors/ü/1", 0));
    assertThat(SequenceLedger.read(ledger.next("sensors/ü/1")))
        .contains(new Stamp("sensors/ü/1", 1));
    assertThat(SequenceLedger.read("hello".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(SequenceLedger.read("SEQ x t\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ledger.sent("sensors/ü/1")).isEqualTo(2);
  }

  @Test
  void everythingStoredOnceAndInOrderIsClean() {
    List<byte[]> a = publish("a", 10);
    List<byte[]> b = publish("b", 10);
    List<byte[]> interleaved = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      interleaved.add(a.get(i));
      interleaved.add(b.get(i));
    }

    Report r = ledger.verify(interleaved);

    assertThat(r.sent()).isEqualTo(20);
    assertThat(r.confirmed()).isEqualTo(20);
    assertThat(r.stored()).isEqualTo(20);
    assertThat(r.lost() + r.duplicated() + r.reordered() + r.unexpected()).isZero();
    assertThat(r.toString())
        .isEqualTo("sent=20 confirmed=20 stored=20 lost=0 duplicated=0 reordered=0 unexpected=0");
  }

  @Test
  void countsLossesDuplicatesAndReorderingsPerTopicWithExamples() {
    List<byte[]> a = publish("a", 10);
    List<byte[]> b = publish("b", 3);
    // a: 3 and 7 lost; 1 stored twice (a redelivery after 2); 5 arrives after 6.
    List<byte[]> stored =
        List.of(
            a.get(0), a.get(1), a.get(2), a.get(1), a.get(4), a.get(6), a.get(5), a.get(8),
            a.get(9), b.get(0), b.get(1), b.get(2), b.get(2));

    Report r = ledger.verify(stored);

    TopicReport ra = r.topic("a");
    assertThat(ra.lost()).isEqualTo(2);
    assertThat(ra.lostExamples()).containsExactly(3L, 7L);
    assertThat(ra.duplicated()).isEqualTo(1);
    assertThat(ra.duplicateExamples()).containsExactly(1L);
    assertThat(ra.reordered()).isEqualTo(1);
    assertThat(ra.reorderExamples()).containsExactly("5 after 6");
    TopicReport rb = r.topic("b");
    assertThat(rb.lost()).isZero();
    assertThat(rb.duplicated()).isEqualTo(1);
    assertThat(rb.reordered()).isZero();
    assertThat(r.lost()).isEqualTo(2);
    assertThat(r.duplicated()).isEqualTo(2);
    assertThat(r.reordered()).isEqualTo(1);
    assertThat(r.stored()).isEqualTo(13);
    assertThat(r.toString())
        .startsWith("sent=13 confirmed=13 stored=13 lost=2 duplicated=2 reordered=1")
        .contains(
            "\n  a: sent=10 confirmed=10 stored=9 lost=2 [3, 7] duplicated=1 [1] reordered=1 [5 after 6]")
        .contains("\n  b: ");
  }

  @Test
  void anUnconfirmedMessageMayBeMissingButAConfirmedOneMayNot() {
    byte[] confirmed = ledger.next("t");
    ledger.confirm(confirmed);
    ledger.next("t"); // sent, never acknowledged by the broker

    Report r = ledger.verify(List.of(confirmed));

    assertThat(r.lost()).isZero();
    assertThat(r.topic("t").unconfirmedMissing()).isEqualTo(1);

    Report none = ledger.verify(List.<byte[]>of());
    assertThat(none.lost()).isEqualTo(1);
    assertThat(none.topic("t").lostExamples()).containsExactly(0L);
  }

  @Test
  void orderIsJudgedWithinEachStreamAndLossesAcrossAll() {
    List<byte[]> a = publish("a", 4);

    // Each stream in order; together complete. A topic split over two streams is not reordered.
    Report r = ledger.verify(List.of(List.of(a.get(2), a.get(3)), List.of(a.get(0), a.get(1))));

    assertThat(r.lost()).isZero();
    assertThat(r.reordered()).isZero();
    assertThat(r.duplicated()).isZero();
  }

  @Test
  void foreignPayloadsAreCountedAsUnexpected() {
    List<byte[]> a = publish("a", 1);
    byte[] never = SequenceLedger.stamp("a", 5, 0); // a sequence number the ledger never gave out

    Report r = ledger.verify(List.of(a.get(0), "noise".getBytes(StandardCharsets.UTF_8), never));

    assertThat(r.unexpected()).isEqualTo(2);
    assertThat(r.unexpectedExamples()).containsExactly("noise", "SEQ 5 a\\n");
    assertThat(r.lost()).isZero();
  }

  @Test
  void examplesAreCappedButCountsAreNot() {
    publish("a", 20);

    Report r = ledger.verify(List.<byte[]>of());

    assertThat(r.lost()).isEqualTo(20);
    assertThat(r.topic("a").lostExamples()).hasSize(SequenceLedger.EXAMPLES);
  }

  @Test
  void refusesWhatWasNeverSent() {
    assertThatThrownBy(() -> ledger.confirm("a", 0)).hasMessage("message 0 of a was never sent");
    assertThatThrownBy(() -> ledger.next("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.confirm("x".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("payload without a ledger stamp");
    assertThatThrownBy(() -> ledger.verify(List.<byte[]>of()).topic("none"))
        .hasMessage("no messages were sent on none");
  }
}
