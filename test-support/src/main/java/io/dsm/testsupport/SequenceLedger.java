/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What fault tests published, and what became of it: publishers stamp each payload with its topic
 * and a sequence number per topic ({@link #next}), mark the ones the broker acknowledged ({@link
 * #confirm}), and {@link #verify} compares that with what Danube stored: per topic and in total,
 * how many confirmed messages were lost, how many copies were duplicates and how many arrived out
 * of order, with the first few examples of each.
 *
 * <p>A message that was sent but never confirmed (the publisher was cut off before the PUBACK) may
 * or may not arrive; its absence is not a loss. Order is judged on first copies only: a redelivered
 * older message is a duplicate, not a reordering. One publisher per topic; the ledger is
 * thread-safe.
 */
public final class SequenceLedger {
  /** How many examples of each kind a report keeps. */
  public static final int EXAMPLES = 5;

  private static final String MAGIC = "SEQ ";

  private final Map<String, TopicLog> topics = new HashMap<>();

  /** Topic and sequence number read back from a stamped payload. */
  public record Stamp(String topic, long seq) {}

  private static final class TopicLog {
    long sent;
    final BitSet confirmed = new BitSet();
  }

  /** The payload for the next message on {@code topic}: its stamp and nothing else. */
  public byte[] next(String topic) {
    return next(topic, 0);
  }

  /**
   * The payload for the next message on {@code topic}, padded to at least {@code size} bytes. The
   * message counts as sent; {@link #confirm} it once the broker acknowledged it.
   */
  public byte[] next(String topic, int size) {
    if (topic.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a ledger topic cannot contain a line break: " + topic);
    }
    long seq;
    synchronized (this) {
      TopicLog log = topics.computeIfAbsent(topic, t -> new TopicLog());
      if (log.sent == Integer.MAX_VALUE) {
        throw new IllegalStateException("more than " + Integer.MAX_VALUE + " messages on " + topic);
      }
      seq = log.sent++;
    }
    return stamp(topic, seq, size);
  }

  /** Records that the broker acknowledged message {@code seq} of {@code topic}: it must arrive. */
  public synchronized void confirm(String topic, long seq) {
    TopicLog log = topics.get(topic);
    if (log == null || seq < 0 || seq >= log.sent) {
      throw new IllegalArgumentException("message " + seq + " of " + topic + " was never sent");
    }
    log.confirmed.set((int) seq);
  }

  /** Records that the broker acknowledged the message with this payload. */
  public void confirm(byte[] payload) {
    Stamp s =
        read(payload)
            .orElseThrow(() -> new IllegalArgumentException("payload without a ledger stamp"));
    confirm(s.topic(), s.seq());
  }

  /** Messages sent on {@code topic} so far. */
  public synchronized long sent(String topic) {
    TopicLog log = topics.get(topic);
    return log == null ? 0 : log.sent;
  }

  /** A payload stamped {@code "SEQ <seq> <topic>\n"}, padded with dots to {@code size} bytes. */
  public static byte[] stamp(String topic, long seq, int size) {
    byte[] header = (MAGIC + seq + " " + topic + "\n").getBytes(StandardCharsets.UTF_8);
    if (header.length >= size) {
      return header;
    }
    byte[] payload = Arrays.copyOf(header, size);
    Arrays.fill(payload, header.length, size, (byte) '.');
    return payload;
  }

  /** The stamp of {@code payload}, or empty when it carries none. */
  public static Optional<Stamp> read(byte[] payload) {
    int end = indexOf(payload, (byte) '\n');
    if (end < 0 || payload.length < MAGIC.length()) {
      return Optional.empty();
    }
    String header = new String(payload, 0, end, StandardCharsets.UTF_8);
    if (!header.startsWith(MAGIC)) {
      return Optional.empty();
    }
    int space = header.indexOf(' ', MAGIC.length());
    if (space < 0) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(header.substring(MAGIC.length(), space));
      return Optional.of(new Stamp(header.substring(space + 1), seq));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Compares the ledger with one stream of stored payloads (one Danube topic), in stored order. */
  public Report verify(List<byte[]> stored) {
    return verify(List.of(stored));
  }

  /**
   * Compares the ledger with what was stored, given as streams in stored order (e.g. one per Danube
   * topic or partition). Losses and duplicates count across all streams; order within each.
   */
  public synchronized Report verify(Collection<? extends List<byte[]>> streams) {
    Map<String, Tally> tallies = new TreeMap<>();
    topics.forEach((topic, log) -> tallies.put(topic, new Tally(topic, log)));
    long unexpected = 0;
    List<String> unexpectedExamples = new ArrayList<>();
    for (List<byte[]> stream : streams) {
      Map<String, Long> highestFirstCopy = new HashMap<>();
      for (byte[] payload : stream) {
        Optional<Stamp> stamp = read(payload);
        Tally t = stamp.map(s -> tallies.get(s.topic())).orElse(null);
        if (t == null || stamp.get().seq() < 0 || stamp.get().seq() >= t.log.sent) {
          unexpected++;
          if (unexpectedExamples.size() < EXAMPLES) {
            unexpectedExamples.add(describe(payload));
          }
          continue;
        }
        t.stored(stamp.get().seq(), highestFirstCopy);
      }
    }
    List<TopicReport> reports = tallies.values().stream().map(Tally::report).toList();
    return new Report(reports, unexpected, List.copyOf(unexpectedExamples));
  }

  private static String describe(byte[] payload) {
    String text =
        new String(payload, 0, Math.min(payload.length, 60), StandardCharsets.UTF_8)
            .replace("\n", "\\n");
    return payload.length > 60 ? text + "..." : text;
  }

  /** Counting for one topic. */
  private static final class Tally {
    final String topic;
    final TopicLog log;
    final int[] copies;
    long stored;
    long duplicated;
    long reordered;
    final List<Long> duplicateExamples = new ArrayList<>();
    final List<String> reorderExamples = new ArrayList<>();

    Tally(String topic, TopicLog log) {
      this.topic = topic;
      this.log = log;
      this.copies = new int[(int) log.sent];
    }

    void stored(long seq, Map<String, Long> highestFirstCopy) {
      stored++;
      int i = (int) seq;
      copies[i]++;
      if (copies[i] > 1) {
        duplicated++;
        if (copies[i] == 2 && duplicateExamples.size() < EXAMPLES) {
          duplicateExamples.add(seq);
        }
        return;
      }
      Long highest = highestFirstCopy.get(topic);
      if (highest != null && seq < highest) {
        reordered++;
        if (reorderExamples.size() < EXAMPLES) {
          reorderExamples.add(seq + " after " + highest);
        }
      } else {
        highestFirstCopy.put(topic, seq);
      }
    }

    TopicReport report() {
      long lost = 0;
      long unconfirmedMissing = 0;
      List<Long> lostExamples = new ArrayList<>();
      for (int i = 0; i < copies.length; i++) {
        if (copies[i] == 0) {
          if (log.confirmed.get(i)) {
            lost++;
            if (lostExamples.size() < EXAMPLES) {
              lostExamples.add((long) i);
            }
          } else {
            unconfirmedMissing++;
          }
        }
      }
      return new TopicReport(
          topic,
          log.sent,
          log.confirmed.cardinality(),
          stored,
          lost,
          duplicated,
          reordered,
          unconfirmedMissing,
          List.copyOf(lostExamples),
          List.copyOf(duplicateExamples),
          List.copyOf(reorderExamples));
    }
  }

  /**
   * What became of one topic's messages.
   *
   * @param sent messages stamped for the topic
   * @param confirmed of those, acknowledged by the broker
   * @param stored copies found in the stored streams
   * @param lost confirmed messages with no copy stored
   * @param duplicated copies beyond the first of a message
   * @param reordered first copies stored after a first copy with a higher sequence number
   * @param unconfirmedMissing messages never confirmed and not stored (not a loss)
   * @param lostExamples the first lost sequence numbers
   * @param duplicateExamples the first duplicated sequence numbers
   * @param reorderExamples the first reorderings, as "5 after 7"
   */
  public record TopicReport(
      String topic,
      long sent,
      long confirmed,
      long stored,
      long lost,
      long duplicated,
      long reordered,
      long unconfirmedMissing,
      List<Long> lostExamples,
      List<Long> duplicateExamples,
      List<String> reorderExamples) {

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: sent=%d confirmed=%d stored=%d lost=%d%s duplicated=%d%s reordered=%d%s",
          topic,
          sent,
          confirmed,
          stored,
          lost,
          lostExamples.isEmpty() ? "" : " " + lostExamples,
          duplicated,
          duplicateExamples.isEmpty() ? "" : " " + duplicateExamples,
          reordered,
          reorderExamples.isEmpty() ? "" : " " + reorderExamples);
    }
  }

  /**
   * What became of every topic's messages, and the stored payloads the ledger never sent.
   *
   * @param topics one report per topic, by name
   * @param unexpected stored payloads without a stamp of this ledger
   * @param unexpectedExamples the first of them, abbreviated
   */
  public record Report(List<TopicReport> topics, long unexpected, List<String> unexpectedExamples) {
    public long sent() {
      return topics.stream().mapToLong(TopicReport::sent).sum();
    }

    public long confirmed() {
      return topics.stream().mapToLong(TopicReport::confirmed).sum();
    }

    public long stored() {
      return topics.stream().mapToLong(TopicReport::stored).sum() + unexpected;
    }

    public long lost() {
      return topics.stream().mapToLong(TopicReport::lost).sum();
    }

    public long duplicated() {
      return topics.stream().mapToLong(TopicReport::duplicated).sum();
    }

    public long reordered() {
      return topics.stream().mapToLong(TopicReport::reordered).sum();
    }

    /** The report of {@code topic}. */
    public TopicReport topic(String topic) {
      return topics.stream()
          .filter(t -> t.topic().equals(topic))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no messages were sent on " + topic));
    }

    /** One summary line, then one line per topic that lost, duplicated or reordered anything. */
    @Override
    public String toString() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "sent=%d confirmed=%d stored=%d lost=%d duplicated=%d reordered=%d unexpected=%d",
                  sent(),
                  confirmed(),
                  stored(),
                  lost(),
                  duplicated(),
                  reordered(),
                  unexpected));
      if (!unexpectedExamples.isEmpty()) {
        b.append(' ').append(unexpectedExamples);
      }
      for (TopicReport t : topics) {
        if (t.lost() + t.duplicated() + t.reordered() > 0) {
          b.append('\n').append("  ").append(t);
        }
      }
      return b.toString();
    }
  }
}
