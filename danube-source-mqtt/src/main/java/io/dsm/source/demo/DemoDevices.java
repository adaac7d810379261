/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated devices for the demo: factory lines, smart devices and vehicles publishing realistic
 * JSON telemetry (plus a binary vibration frame and a retained configuration message) at a modest
 * rate per route. Values follow random walks from a fixed seed, so runs look alike.
 *
 * <p>Publishing runs on one thread, {@code demo-devices}; every message is recorded in the {@link
 * PublishLedger} just before it is handed to the broker.
 */
final class DemoDevices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoDevices.class);
  private static final Duration RETAIN_TIMEOUT = Duration.ofSeconds(10);

  /** The retained configuration message, published before the connector subscribes. */
  static final String CONFIG_TOPIC = "sensors/config";

  /** Where the simulated devices send their messages. */
  interface Broker {
    CompletableFuture<Void> publish(String topic, byte[] payload);

    CompletableFuture<Void> retain(String topic, byte[] payload);
  }

  /** One simulated device: a topic and how its next payload is made from a sequence number. */
  record Device(String topic, LongFunction<byte[]> payload) {}

  private final Broker broker;
  private final PublishLedger ledger;
  private final double ratePerRoute;
  private final Clock clock;
  private final Random random;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<List<Device>> groups;
  private ScheduledExecutorService executor;

  /**
   * @param ratePerRoute messages per second for each route's group of devices
   * @param seed seed of the simulated values
   */
  DemoDevices(Broker broker, PublishLedger ledger, double ratePerRoute, Clock clock, long seed) {
    this.broker = broker;
    this.ledger = ledger;
    this.ratePerRoute = ratePerRoute;
    this.clock = clock;
    this.random = new Random(seed);
    this.groups = List.of(factory(), devices(), fleet(), sensors());
  }

  /** The device groups, one per demo route in {@link DemoRoute#ALL} order. */
  List<List<Device>> groups() {
    return groups;
  }

  /** Stores the retained configuration message and waits until the broker has it. */
  void publishRetainedConfig() throws DemoStartException, InterruptedException {
    byte[] payload =
        utf8(
            "{\"interval_secs\":60,\"enabled\":true,\"firmware\":\"2.4.1\","
                + "\"thresholds\":{\"temperature_c\":85,\"pressure_bar\":6.5}}");
    ledger.publishedWithoutTime(CONFIG_TOPIC, payload);
    try {
      broker.retain(CONFIG_TOPIC, payload).get(RETAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      published.incrementAndGet();
    } catch (ExecutionException | TimeoutException e) {
      throw new DemoStartException("cannot store the retained message on " + CONFIG_TOPIC, e);
    }
  }

  /** Starts publishing; each group at {@code ratePerRoute} (the catch-all group at half). */
  synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-devices");
              t.setDaemon(true);
              return t;
            });
    long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / ratePerRoute);
    for (int g = 0; g < groups.size(); g++) {
      List<Device> group = groups.get(g);
      long period = g == groups.size() - 1 ? periodNanos * 2 : periodNanos;
      // Staggered so that the groups do not all publish in the same instant.
      long offset = periodNanos * g / groups.size();
      AtomicLong next = new AtomicLong();
      executor.scheduleAtFixedRate(
          () -> publish(group.get((int) (next.getAndIncrement() % group.size()))),
          offset,
          period,
          TimeUnit.NANOSECONDS);
    }
  }

  private void publish(Device device) {
    byte[] payload = device.payload().apply(sequence.incrementAndGet());
    ledger.published(device.topic(), payload, System.nanoTime());
    broker
        .publish(device.topic(), payload)
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                published.incrementAndGet();
              } else {
                failed.incrementAndGet();
                LOG.debug("publish to {} failed: {}", device.topic(), error.toString());
              }
            });
  }

  /** Messages the broker accepted from the simulated devices. */
  long published() {
    return published.get();
  }

  /** Messages the broker refused (normally none). */
  long failed() {
    return failed.get();
  }

  /** Stops publishing; returns once no publish is being started any more. */
  @Override
  public synchronized void close() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("demo-devices did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the simulated devices ----

  private List<Device> factory() {
    return List.of(
        lineSensor("line-1", "temperature", walk(71.5, 60, 90, 0.4), "celsius"),
        lineSensor("line-1", "pressure", walk(4.1, 3.0, 6.0, 0.05), "bar"),
        lineSensor("line-2", "temperature", walk(68.0, 60, 90, 0.4), "celsius"),
        new Device("factory/line-2/sensors/vibration", this::vibrationFrame));
  }

  private Device lineSensor(String line, String sensor, Walk value, String unit) {
    return device(
        "factory/" + line + "/sensors/" + sensor,
        "\"line\":\"%s\",\"sensor\":\"%s\",\"value\":%.2f,\"unit\":\"%s\"",
        () -> line,
        () -> sensor,
        value::next,
        () -> unit);
  }

  /**
   * A binary frame as an accelerometer would send it: magic {@code 0x5631} ("V1"), the sequence
   * number (uint32, big-endian) and eight signed 16-bit samples.
   */
  private byte[] vibrationFrame(long seq) {
    ByteBuffer frame = ByteBuffer.allocate(2 + 4 + 8 * 2);
    frame.putShort((short) 0x5631).putInt((int) seq);
    for (int i = 0; i < 8; i++) {
      frame.putShort((short) (random.nextGaussian() * 900));
    }
    return frame.array();
  }

  private List<Device> devices() {
    Walk battery2 = walk(64, 5, 100, 0.2);
    Walk power = walk(1250, 200, 4000, 60);
    double[] kwh = {18342.61};
    return List.of(
        device(
            "devices/thermostat-12/telemetry",
            "\"device\":\"thermostat-12\",\"battery_pct\":%.0f,\"signal_dbm\":%d,"
                + "\"room_c\":%.1f,\"setpoint_c\":21.0",
            walk(87, 5, 100, 0.2)::next,
            () -> -55 - random.nextInt(15),
            walk(21.3, 17, 26, 0.1)::next),
        new Device(
            "devices/meter-0457/telemetry",
            seq -> {
              double watts = power.next();
              kwh[0] += watts / 3_600_000.0 * 500;
              return telemetry(
                  seq,
                  "\"device\":\"meter-0457\",\"battery_pct\":%.0f,\"signal_dbm\":%d,"
                      + "\"power_w\":%.0f,\"energy_kwh\":%.2f",
                  battery2.next(),
                  -70 - random.nextInt(15),
                  watts,
                  kwh[0]);
            }),
        device(
            "devices/tracker-88/telemetry",
            "\"device\":\"tracker-88\",\"battery_pct\":%.0f,\"signal_dbm\":%d,"
                + "\"lat\":%.5f,\"lon\":%.5f",
            walk(41, 5, 100, 0.3)::next,
            () -> -85 - random.nextInt(15),
            walk(52.5200, 52.45, 52.58, 0.0006)::next,
            walk(13.4050, 13.30, 13.50, 0.0006)::next));
  }

  private List<Device> fleet() {
    double[] odometer = {84213.4};
    return List.of(
        gps(
            "truck-07",
            walk(48.2082, 48.0, 48.4, 0.0008),
            walk(16.3738, 16.1, 16.6, 0.0008),
            walk(63, 0, 90, 3)),
        device(
            "fleet/truck-07/diagnostics",
            "\"vehicle\":\"truck-07\",\"engine_temp_c\":%.1f,\"rpm\":%.0f,\"dtc\":[]",
            walk(88, 70, 105, 0.5)::next,
            walk(1850, 700, 3200, 80)::next),
        gps(
            "van-12",
            walk(50.0755, 49.9, 50.2, 0.0008),
            walk(14.4378, 14.2, 14.7, 0.0008),
            walk(41, 0, 80, 3)),
        device(
            "fleet/van-12/fuel",
            "\"vehicle\":\"van-12\",\"fuel_pct\":%.1f,\"odometer_km\":%.1f",
            walk(57.3, 5, 100, 0.05)::next,
            () -> odometer[0] += 0.1));
  }

  private Device gps(String vehicle, Walk lat, Walk lon, Walk speed) {
    return device(
        "fleet/" + vehicle + "/gps",
        "\"vehicle\":\"%s\",\"lat\":%.5f,\"lon\":%.5f,\"speed_kmh\":%.1f",
        () -> vehicle,
        lat::next,
        lon::next,
        speed::next);
  }

  private List<Device> sensors() {
    return List.of(
        device(
            "sensors/env/zone-1",
            "\"zone\":\"zone-1\",\"temperature_c\":%.1f,\"humidity_pct\":%.1f,"
                + "\"co2_ppm\":%.0f",
            walk(22.8, 15, 30, 0.1)::next,
            walk(41.2, 20, 70, 0.3)::next,
            walk(612, 400, 1500, 8)::next));
  }

  /** A device whose telemetry members are {@code fields} filled with fresh {@code values}. */
  private Device device(String topic, String fields, Supplier<?>... values) {
    return new Device(
        topic, seq -> telemetry(seq, fields, Arrays.stream(values).map(Supplier::get).toArray()));
  }

  /**
   * A JSON object of telemetry: {@code fields} (the members, a format for {@code values}), then the
   * sequence number and the time.
   */
  private byte[] telemetry(long seq, String fields, Object... values) {
    String members = String.format(Locale.ROOT, fields, values);
    return utf8("{" + members + ",\"seq\":" + seq + ",\"ts\":" + clock.millis() + "}");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A bounded random walk: each value moves at most {@code step} from the previous one. */
  private interface Walk {
    double next();
  }

  private Walk walk(double start, double min, double max, double step) {
    double[] value = {start};
    return () ->
        value[0] = Math.max(min, Math.min(max, value[0] + (random.nextDouble() * 2 - 1) * step));
  }
}
