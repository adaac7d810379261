/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import io.dsm.connector.routing.DanubeTopicName;
import io.dsm.connector.routing.MqttTopicTemplate;
import io.dsm.connector.routing.SubscriptionFilter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value types of the {@link Settings} table. */
public final class ValueTypes {
  private ValueTypes() {}

  /** Parses one raw string; the body of the simple value types below. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(String raw) throws InvalidValueException;
  }

  /** A value type that accepts TOML strings, parses with {@code parser} and says {@code what}. */
  private static <T> ValueType<T> simple(String what, Parser<T> parser) {
    return simple(what, Set.of(TomlKind.STRING), parser);
  }

  /** A value type that accepts the TOML {@code kinds}, parses with {@code parser}. */
  private static <T> ValueType<T> simple(String what, Set<TomlKind> kinds, Parser<T> parser) {
    return new ValueType<>() {
      @Override
      public T parse(String raw) throws InvalidValueException {
        return parser.parse(raw);
      }

      @Override
      public String describe() {
        return what;
      }

      @Override
      public Set<TomlKind> tomlKinds() {
        return kinds;
      }
    };
  }

  /** Any non-blank text. */
  public static ValueType<String> text() {
    return simple(
        "text",
        raw -> {
          if (raw.isBlank()) {
            throw new InvalidValueException("is blank");
          }
          return raw;
        });
  }

  /** Any text, also empty (for keys such as {@code schema_file = ""}). */
  public static ValueType<String> textOrEmpty() {
    return simple("text", raw -> raw);
  }

  /** A whole number in {@code [min, max]}. */
  public static ValueType<Integer> integer(int min, int max) {
    ValueType<Long> number = longInteger(min, max);
    return simple(number.describe(), number.tomlKinds(), raw -> number.parse(raw).intValue());
  }

  /** A whole number in {@code [min, max]}, for values beyond the range of an int. */
  public static ValueType<Long> longInteger(long min, long max) {
    String outOfRange = "is out of range [" + min + ", " + max + "]";
    return simple(
        "integer in [" + min + ", " + max + "]",
        Set.of(TomlKind.INTEGER),
        raw -> {
          String trimmed = raw.trim();
          long value;
          try {
            value = Long.parseLong(trimmed);
          } catch (NumberFormatException e) {
            throw new InvalidValueException(
                trimmed.matches("[+-]?[0-9]+") ? outOfRange : "is not an integer");
          }
          if (value < min || value > max) {
            throw new InvalidValueException(outOfRange);
          }
          return value;
        });
  }

  /**
   * An MQTT QoS: {@code 0}, {@code 1} or {@code 2}, or the Rust connector's names {@code
   * AtMostOnce}, {@code AtLeastOnce} and {@code ExactlyOnce} (any letter case).
   */
  public static ValueType<Integer> qos() {
    ValueType<Integer> number = integer(0, 2);
    List<String> names = List.of("atmostonce", "atleastonce", "exactlyonce");
    return simple(
        "0, 1, 2 (or AtMostOnce, AtLeastOnce, ExactlyOnce)",
        Set.of(TomlKind.INTEGER, TomlKind.STRING),
        raw -> {
          int named = names.indexOf(raw.trim().toLowerCase(Locale.ROOT));
          if (named >= 0) {
            return named;
          }
          if (!raw.trim().matches("[+-]?[0-9]+")) {
            throw new InvalidValueException(
                "is not a QoS; expected 0, 1, 2, AtMostOnce, AtLeastOnce or ExactlyOnce");
          }
          return number.parse(raw);
        });
  }

  /** The MQTT protocol version: 3 (3.1.1) or 5. */
  public static ValueType<Integer> protocolVersion() {
    ValueType<String> words = oneOf("3", "5");
    return simple("3 or 5", Set.of(TomlKind.INTEGER), raw -> Integer.parseInt(words.parse(raw)));
  }

  /** {@code true} or {@code false}, in any letter case. */
  public static ValueType<Boolean> bool() {
    return simple(
        "true or false",
        Set.of(TomlKind.BOOLEAN),
        raw -> {
          String value = raw.trim().toLowerCase(Locale.ROOT);
          if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidValueException("is not a boolean; expected true or false");
          }
          return value.equals("true");
        });
  }

  /** One of fixed words, in any letter case; parsed to the lower-case word. */
  public static ValueType<String> oneOf(String... words) {
    List<String> allowed = List.of(words);
    return simple(
        String.join(" | ", allowed),
        raw -> {
          String value = raw.trim().toLowerCase(Locale.ROOT);
          if (!allowed.contains(value)) {
            throw new InvalidValueException("is not one of " + String.join(", ", allowed));
          }
          return value;
        });
  }

  /**
   * One of the constants of an enum, written as its configuration name (any letter case; {@code _}
   * and {@code -} are interchangeable).
   */
  public static <E extends Enum<E>> ValueType<E> choice(Class<E> type, Function<E, String> nameOf) {
    List<E> constants = List.of(type.getEnumConstants());
    List<String> names = constants.stream().map(nameOf).toList();
    return new ValueType<>() {
      @Override
      public E parse(String raw) throws InvalidValueException {
        String value = normalise(raw);
        for (E constant : constants) {
          if (normalise(nameOf.apply(constant)).equals(value)) {
            return constant;
          }
        }
        throw new InvalidValueException("is not one of " + String.join(", ", names));
      }

      private String normalise(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
      }

      @Override
      public String format(E value) {
        return nameOf.apply(value);
      }

      @Override
      public String describe() {
        return String.join(" | ", names);
      }
    };
  }

  /** An existing, readable regular file. */
  public static ValueType<Path> readableFile() {
    return simple(
        "path of a readable file",
        raw -> {
          Path path;
          try {
            path = Path.of(raw);
          } catch (InvalidPathException e) {
            throw new InvalidValueException("is not a valid path");
          }
          if (!Files.exists(path)) {
            throw new InvalidValueException("does not exist");
          }
          if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidValueException("is not a readable file");
          }
          return path;
        });
  }

  /**
   * A Danube URL, {@code http://host:port} or {@code https://host:port}. User info and a query are
   * refused (credentials do not belong in a URL) and never shown in messages.
   */
  public static ValueType<String> serviceUrl() {
    return danubeUrl("Danube service URL");
  }

  /** Like {@link #serviceUrl()}, for Danube's admin API. */
  public static ValueType<String> adminUrl() {
    return danubeUrl("Danube admin URL");
  }

  private static ValueType<String> danubeUrl(String what) {
    return new ValueType<>() {
      @Override
      public String parse(String raw) throws InvalidValueException {
        String reason = "is not a " + what + "; expected http://host:port or https://host:port";
        URI uri;
        try {
          uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
          throw new InvalidValueException(reason);
        }
        if (uri.getRawUserInfo() != null) {
          throw new InvalidValueException(
              "has user information (user:password@); give credentials in DANUBE_TOKEN or"
                  + " DANUBE_TOKEN_FILE, never in the URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
          throw new InvalidValueException(
              "has a query or fragment; expected http://host:port or https://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty();
        boolean pathRoot = "/".equals(uri.getRawPath());
        if (!(scheme.equals("http") || scheme.equals("https"))
            || uri.getHost() == null
            || uri.getPort() < 0
            || !(pathless || pathRoot)) {
          throw new InvalidValueException(reason);
        }
        if (uri.getPort() < 1 || uri.getPort() > 65_535) {
          throw new InvalidValueException(
              "has the port " + uri.getPort() + ", which is out of range [1, 65535]");
        }
        return raw.trim();
      }

      @Override
      public String describe() {
        return "http://host:port or https://host:port";
      }

      @Override
      public String display(String raw) {
        return UrlRedaction.redact(raw);
      }
    };
  }

  /**
   * Where to bind a server: an IP literal ({@code 0.0.0.0}, {@code 127.0.0.1}, {@code ::}, {@code
   * [::1]}) or a host name that resolves. Resolving a name asks the system resolver (the hosts
   * file, DNS); nothing else is contacted.
   */
  public static ValueType<String> bindAddress() {
    return simple(
        "IP address or host name",
        raw -> {
          String value = nonBlank(raw);
          if (value.contains("://") || value.contains("/")) {
            throw new InvalidValueException("is not an IP address or host name");
          }
          String host =
              value.startsWith("[") && value.endsWith("]")
                  ? value.substring(1, value.length() - 1)
                  : value;
          refusePort(value, "address", "METRICS_PORT");
          try {
            InetAddress.getByName(host);
          } catch (UnknownHostException | SecurityException e) {
            throw new InvalidValueException(
                "is neither an IP address nor a host name that resolves on this machine");
          }
          return host;
        });
  }

  /** The trimmed value; refused when blank. */
  private static String nonBlank(String raw) throws InvalidValueException {
    String value = raw.trim();
    if (value.isEmpty()) {
      throw new InvalidValueException("is blank");
    }
    return value;
  }

  /** Refuses {@code host:port} (one colon; IPv6 literals have more). */
  private static void refusePort(String value, String what, String portSetting)
      throws InvalidValueException {
    if (value.chars().filter(c -> c == ':').count() == 1) {
      throw new InvalidValueException(
          "contains a port; give the " + what + " only and the port in " + portSetting);
    }
  }

  /** A shared-subscription group name: non-empty, without '/', '+' or '#'. */
  public static ValueType<String> sharedGroup() {
    return simple(
        "group name without '/', '+' or '#'",
        raw -> {
          Optional<String> problem = SubscriptionFilter.groupProblem(raw);
          if (problem.isPresent()) {
            throw new InvalidValueException(
                problem.get().equals("is empty")
                    ? "is empty; a shared subscription group needs a name"
                    : problem.get());
          }
          return raw;
        });
  }

  /** A host name or IP address, without scheme or port. */
  public static ValueType<String> host() {
    return simple(
        "host name or IP address",
        raw -> {
          String value = nonBlank(raw);
          if (value.contains("://")) {
            throw new InvalidValueException("is a URL; expected a host name or IP address");
          }
          for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == '/') {
              throw new InvalidValueException("is not a host name or IP address");
            }
          }
          refusePort(value, "host", "MQTT_BROKER_PORT");
          return value;
        });
  }

  /** A connector name: 1 to 200 ASCII letters, digits, '.', '_' or '-'. */
  public static ValueType<String> name() {
    return simple(
        "letters, digits, '.', '_' or '-'",
        raw -> {
          if (!raw.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new InvalidValueException(
                "is not a connector name; use 1 to 200 letters, digits, '.', '_' or '-'");
          }
          return raw;
        });
  }

  /** An MQTT client identifier: no NUL, at most 65535 UTF-8 bytes. */
  public static ValueType<String> clientId() {
    return simple(
        "MQTT client identifier",
        raw -> {
          if (raw.indexOf('\u0000') >= 0) {
            throw new InvalidValueException("contains the NUL character (U+0000)");
          }
          if (raw.getBytes(StandardCharsets.UTF_8).length > 65_535) {
            throw new InvalidValueException("is longer than 65535 bytes in UTF-8");
          }
          return raw;
        });
  }

  /** A Danube topic name {@code /namespace/topic}. */
  public static ValueType<String> danubeTopic() {
    return checked("/namespace/topic", DanubeTopicName::problem, "");
  }

  /** One MQTT topic filter, or a shared subscription {@code $share/<group>/<filter>}. */
  public static ValueType<String> topicFilter() {
    return checked(
        "MQTT topic filter", SubscriptionFilter::problem, "is not a valid MQTT topic filter; ");
  }

  /** Text that {@code problem} finds nothing wrong with; its problem follows {@code prefix}. */
  private static ValueType<String> checked(
      String what, Function<String, Optional<String>> problem, String prefix) {
    return simple(
        what,
        raw -> {
          Optional<String> found = problem.apply(raw);
          if (found.isPresent()) {
            throw new InvalidValueException(prefix + found.get());
          }
          return raw;
        });
  }

  /**
   * MQTT topic filters: comma-separated in a string (spaces around each filter are trimmed), or a
   * TOML array of strings (taken as written).
   */
  public static ValueType<List<String>> topicFilters() {
    return commaList(topicFilter(), "comma-separated MQTT topic filters");
  }

  /**
   * Danube topics: comma-separated in a string (spaces around each are trimmed), or a TOML array of
   * strings.
   */
  public static ValueType<List<String>> danubeTopics() {
    return commaList(danubeTopic(), "comma-separated Danube topics");
  }

  /** An MQTT topic template of the sink, e.g. {@code devices/{attr.device}/cmd}. */
  public static ValueType<String> topicTemplate() {
    return simple(
        "MQTT topic template",
        raw -> {
          try {
            MqttTopicTemplate.parse(raw);
          } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
          }
          return raw;
        });
  }

  private static ValueType<List<String>> commaList(ValueType<String> one, String description) {
    return new ValueType<>() {
      @Override
      public List<String> parse(String raw) throws InvalidValueException {
        return parseAll(Arrays.stream(raw.split(",", -1)).map(String::trim).toList());
      }

      @Override
      public List<String> parseList(List<String> items) throws InvalidValueException {
        return parseAll(items);
      }

      private List<String> parseAll(List<String> items) throws InvalidValueException {
        List<InvalidValueException.Invalid> invalid = new ArrayList<>();
        for (String item : items) {
          try {
            one.parse(item);
          } catch (InvalidValueException e) {
            invalid.add(new InvalidValueException.Invalid(item, e.getMessage()));
          }
        }
        if (!invalid.isEmpty()) {
          throw new InvalidValueException(invalid);
        }
        return List.copyOf(items);
      }

      @Override
      public String format(List<String> value) {
        return value.stream().collect(Collectors.joining(","));
      }

      @Override
      public String describe() {
        return description;
      }

      @Override
      public Set<TomlKind> tomlKinds() {
        return Set.of(TomlKind.STRING, TomlKind.ARRAY);
      }
    };
  }
}
