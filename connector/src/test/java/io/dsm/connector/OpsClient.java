/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to a connector's ops endpoints over real HTTP (loopback) and parses the Prometheus text
 * format it serves, so tests check what a scraper sees.
 */
final class OpsClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  OpsClient(InetSocketAddress address) {
    this.base = "http://127.0.0.1:" + address.getPort();
  }

  record Response(int status, String contentType, String body) {}

  Response get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Scrape scrape() {
    Response r = get("/metrics");
    if (r.status() != 200) {
      throw new AssertionError("/metrics answered " + r.status() + ": " + r.body());
    }
    return Scrape.parse(r.body());
  }

  /** One sample line of the text format. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A parsed scrape: every sample plus the TYPE of every family. */
  record Scrape(List<Sample> samples, Map<String, String> types, String text) {
    static Scrape parse(String text) {
      List<Sample> samples = new ArrayList<>();
      Map<String, String> types = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          String[] p = line.split(" ");
          types.put(p[2], p[3]);
        } else if (!line.isBlank() && !line.startsWith("#")) {
          samples.add(sample(line));
        }
      }
      return new Scrape(samples, types, text);
    }

    private static Sample sample(String line) {
      int brace = line.indexOf('{');
      int space;
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < line.indexOf(' ')) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String key = line.substring(i, eq);
          StringBuilder v = new StringBuilder();
          int j = eq + 2; // skip ="
          while (line.charAt(j) != '"') {
            char c = line.charAt(j);
            if (c == '\\') {
              j++;
              c = line.charAt(j) == 'n' ? '\n' : line.charAt(j);
            }
            v.append(c);
            j++;
          }
          labels.put(key, v.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        space = i + 1;
      } else {
        space = line.indexOf(' ');
        name = line.substring(0, space);
      }
      String[] rest = line.substring(space).trim().split(" ");
      return new Sample(name, labels, Double.parseDouble(rest[0]));
    }

    /** Samples of {@code name} whose labels include {@code labels} (pairs: key, value, ...). */
    List<Sample> find(String name, String... labels) {
      List<Sample> out = new ArrayList<>();
      for (Sample s : samples) {
        if (!s.name().equals(name)) {
          continue;
        }
        boolean match = true;
        for (int i = 0; i < labels.length; i += 2) {
          if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
            match = false;
          }
        }
        if (match) {
          out.add(s);
        }
      }
      return out;
    }

    /** The value of the one sample of {@code name} with these labels; fails if not exactly one. */
    double value(String name, String... labels) {
      List<Sample> found = find(name, labels);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one sample " + name + " " + List.of(labels) + ", found " + found);
      }
      return found.get(0).value();
    }

    Optional<Sample> first(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    boolean hasSample(String name) {
      return first(name).isPresent();
    }
  }
}
