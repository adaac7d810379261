/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.Settings.*;

import io.dsm.connector.routing.CaptureTemplate;
import io.dsm.connector.routing.DanubeTopicName;
import io.dsm.connector.routing.DanubeTopicTemplate;
import io.dsm.connector.routing.Quote;
import io.dsm.connector.routing.RoutingKey;
import io.dsm.connector.routing.SubscriptionFilter;
import io.dsm.connector.routing.TopicFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link ConnectorSettings} from the {@link Settings} table. Precedence, lowest first:
 * built-in default, TOML file ({@code --config} or {@code CONNECTOR_CONFIG_PATH}), environment,
 * command-line flags. Records the source of every value, collects every problem and throws them
 * together in one {@link InvalidConfigException}. Opens no connection; reads only the files that
 * settings name.
 */
public final class ConfigLoader {

  private static final List<String> ROUTE_KEYS =
      List.of(
          "from",
          "to",
          "qos",
          "partitions",
          "reliable_dispatch",
          "dead_letter_topic",
          "extract_attributes",
          "routing_key");

  private static final List<String> SCHEMA_KEYS =
      List.of(
          "topic",
          "subject",
          "schema_type",
          "schema_file",
          "auto_register",
          "version_strategy",
          "validation_policy");

  /** Attribute names the connector sets itself; {@code extract_attributes} must not shadow them. */
  private static final List<String> RESERVED_ATTRIBUTE_PREFIXES = List.of("mqtt.", "dlq.");

  private static final String REPLACEMENT_CHARACTER =
      "contains U+FFFD (the Unicode replacement character), which is left where text was decoded"
          + " with the wrong character set; run with a UTF-8 locale (LANG=C.UTF-8) and check the"
          + " value's encoding";

  private final EnvSource env;
  private final Map<String, String> flags;

  /** The connector's settings table: {@link Settings#ALL} (source) or {@link Settings#SINK}. */
  private final List<Setting<?>> table;

  private final boolean sink;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<Setting<?>, Resolved<?>> resolved = new LinkedHashMap<>();
  private TomlDocument file;
  private boolean fileUnusable;

  /**
   * A setting's value after all layers; {@code value} is null when unset or invalid.
   *
   * @param key the name the value was given under: env name, TOML path (or alias) or flag
   */
  record Resolved<T>(Setting<T> setting, T value, ValueSource source, boolean invalid, String key) {
    Resolved(Setting<T> setting, T value, ValueSource source, boolean invalid) {
      this(setting, value, source, invalid, setting.keyFor(source));
    }
  }

  private ConfigLoader(EnvSource env, Map<String, String> flags, boolean sink) {
    this.env = env;
    this.flags = Map.copyOf(flags);
    this.sink = sink;
    this.table = sink ? Settings.SINK : Settings.ALL;
    for (String flag : this.flags.keySet()) {
      if (table.stream().noneMatch(s -> flag.equals(s.flag()))) {
        throw new IllegalArgumentException("no setting has the flag " + flag);
      }
    }
  }

  /**
   * Loads the configuration.
   *
   * @param env environment variables
   * @param flags command-line values by flag name ({@code --mqtt-host}, {@code --config}, ...);
   *     absent flags are simply not in the map
   * @throws InvalidConfigException listing every problem found
   */
  public static LoadedConfig load(EnvSource env, Map<String, String> flags)
      throws InvalidConfigException {
    return new ConfigLoader(env, flags, false).load();
  }

  /**
   * Loads the configuration of the sink connector from its settings table ({@link Settings#SINK}):
   * the shared MQTT, Danube and runtime settings are checked by the same code as the source's.
   *
   * @throws InvalidConfigException listing every problem found
   */
  public static LoadedSinkConfig loadSink(EnvSource env, Map<String, String> flags)
      throws InvalidConfigException {
    return new ConfigLoader(env, flags, true).loadSinkConfig();
  }

  private LoadedSinkConfig loadSinkConfig() throws InvalidConfigException {
    readFile();
    for (Setting<?> setting : table) {
      if (setting != CONNECTOR_CONFIG_PATH) {
        resolve(setting);
        if (setting.required() && !fileUnusable) {
          requireSet(setting, "is required; " + whereToSet(setting));
        }
      }
    }
    List<SinkRouteSettings> routes = new SinkRouteResolver().resolve();
    ConnectorSettings common = assemble(List.of(), List.of());
    if (file != null) {
      checkFileKeys();
    }
    checkEnvironmentNames();
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    String subscription =
        value(DANUBE_SUBSCRIPTION) == null ? common.connectorName() : value(DANUBE_SUBSCRIPTION);
    SinkSettings settings =
        new SinkSettings(
            common,
            routes,
            subscription,
            value(DANUBE_SUBSCRIPTION_TYPE),
            value(MQTT_RETAIN),
            value(SINK_MAX_IN_FLIGHT),
            value(SINK_DEAD_LETTER_TOPIC),
            value(SINK_MARK_PUBLISHED),
            value(SINK_TOPIC_PREFIX));
    List<EffectiveConfig.Entry> entries = new ArrayList<>();
    for (Setting<?> setting : table) {
      entries.add(entry(get(setting)));
    }
    return new LoadedSinkConfig(settings, new EffectiveConfig(entries, List.of()), warnings);
  }

  /** The sink's routes: DANUBE_TOPICS with MQTT_TOPIC_TEMPLATE, or {@code [[sink.routes]]}. */
  private final class SinkRouteResolver {
    private final List<SinkRouteSettings> routes = new ArrayList<>();

    List<SinkRouteSettings> resolve() {
      Resolved<List<String>> topics = get(DANUBE_TOPICS);
      boolean topicsSet = topics.source().kind() != ValueSource.Kind.DEFAULT;
      boolean fileRoutes = file != null && file.hasTables(TomlDocument.SINK_ROUTES);
      if (topicsSet) {
        if (fileRoutes) {
          warnReplaced(topics, "[[sink.routes]]");
        }
        if (topics.value() != null && value(MQTT_TOPIC_TEMPLATE) != null) {
          for (String topic : topics.value()) {
            add(topic, value(MQTT_TOPIC_TEMPLATE), value(SINK_MQTT_QOS), null);
          }
        }
      } else if (fileRoutes) {
        for (String reason : file.structureProblems(TomlDocument.SINK_ROUTES)) {
          problems.add(
              new ConfigProblem(
                  TomlDocument.SINK_ROUTES,
                  file.sourceOf(TomlDocument.SINK_ROUTES).toString(),
                  reason));
        }
        List<Map<String, TomlDocument.Raw>> tables = file.tables(TomlDocument.SINK_ROUTES);
        for (int i = 0; i < tables.size(); i++) {
          TableFields fields =
              new TableFields(TomlDocument.SINK_ROUTES + "[" + i + "]", tables.get(i));
          int before = problems.size();
          String from = fields.get("from", ValueTypes.danubeTopic(), null);
          String to = fields.get("to", ValueTypes.topicTemplate(), MQTT_TOPIC_TEMPLATE);
          Integer qos = fields.get("qos", ValueTypes.qos(), SINK_MQTT_QOS);
          fields.require("from", "every sink route needs the Danube topic it consumes");
          if (problems.size() == before && from != null && to != null && qos != null) {
            add(from, to, qos, fields);
          }
        }
        if (tables.isEmpty() && file.structureProblems(TomlDocument.SINK_ROUTES).isEmpty()) {
          problems.add(
              new ConfigProblem(
                  TomlDocument.SINK_ROUTES,
                  file.sourceOf(TomlDocument.SINK_ROUTES).toString(),
                  "has no routes; add at least one [[sink.routes]] with a 'from' Danube topic"));
        }
      } else if (!fileUnusable) {
        problems.add(
            new ConfigProblem(
                DANUBE_TOPICS.env(),
                "not set",
                "is required unless the configuration file has [[sink.routes]]; "
                    + whereToSet(DANUBE_TOPICS)));
      }
      return routes;
    }

    private void add(String from, String to, int qos, TableFields fields) {
      for (SinkRouteSettings r : routes) {
        if (r.from().equals(from)) {
          String reason = Quote.quoted(from) + " is consumed twice; list each Danube topic once";
          if (fields == null) {
            problem(DANUBE_TOPICS, reason);
          } else {
            fields.fail("from", reason);
          }
          return;
        }
      }
      routes.add(new SinkRouteSettings(from, to, qos));
    }
  }

  private LoadedConfig load() throws InvalidConfigException {
    readFile();
    for (Setting<?> setting : Settings.ALL) {
      if (setting != CONNECTOR_CONFIG_PATH) {
        resolve(setting);
        // A file that cannot be read may well hold the required values: only its own problem
        // is reported then, not one "is required" line per value it would have set.
        if (setting.required() && setting != MQTT_TOPICS && !fileUnusable) {
          requireSet(setting, "is required; " + whereToSet(setting));
        }
      }
    }
    List<RouteEntry> routes = new RouteResolver().resolve();
    List<SchemaEntry> schemas = new SchemaResolver(routes).resolve();
    ConnectorSettings settings = assemble(routes, schemas);
    if (file != null) {
      checkFileKeys();
    }
    checkEnvironmentNames();
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    List<EffectiveConfig.Entry> entries = new ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      entries.add(entry(resolved.get(setting)));
    }
    List<EffectiveConfig.RouteLine> routeLines = new ArrayList<>();
    for (RouteEntry route : routes) {
      routeLines.add(new EffectiveConfig.RouteLine(route.settings, route.key, route.source));
    }
    List<EffectiveConfig.SchemaLine> schemaLines = new ArrayList<>();
    for (SchemaEntry schema : schemas) {
      schemaLines.add(new EffectiveConfig.SchemaLine(schema.settings, schema.key, schema.source));
    }
    return new LoadedConfig(
        settings, new EffectiveConfig(entries, routeLines, schemaLines), warnings);
  }

  // ---- layers -------------------------------------------------------------------------------

  private void readFile() {
    Resolved<Path> path = resolve(CONNECTOR_CONFIG_PATH);
    if (path.value() == null) {
      fileUnusable = path.invalid();
      return;
    }
    // Messages name the file without its directory, as in "connector.toml:14": short, and the
    // full path is one print-config away.
    Path fileName = path.value().getFileName();
    String displayName = fileName == null ? path.value().toString() : fileName.toString();
    try {
      file = TomlDocument.read(path.value(), displayName);
    } catch (TomlDocument.UnreadableException e) {
      fileUnusable = true;
      problems.add(
          new ConfigProblem(
              CONNECTOR_CONFIG_PATH.keyFor(path.source()),
              e.line() > 0 ? displayName + ":" + e.line() : path.source().toString(),
              Quote.quoted(displayName) + " " + e.getMessage()));
    }
  }

  private <T> Resolved<T> resolve(Setting<T> setting) {
    Resolved<T> result = resolveLayers(setting);
    resolved.put(setting, result);
    return result;
  }

  private <T> Resolved<T> resolveLayers(Setting<T> setting) {
    if (setting.flag() != null && flags.containsKey(setting.flag())) {
      return parseText(setting, flags.get(setting.flag()), ValueSource.FLAG, setting.flag());
    }
    Optional<String> fromEnv = env.get(setting.env());
    if (fromEnv.isPresent()) {
      return parseText(setting, fromEnv.get(), ValueSource.ENV, setting.env());
    }
    if (file != null) {
      String foundPath = null;
      TomlDocument.Raw found = null;
      for (String path : setting.tomlPaths()) {
        Optional<TomlDocument.Raw> raw = file.get(path);
        if (raw.isEmpty()) {
          continue;
        }
        if (found != null) {
          problems.add(
              new ConfigProblem(
                  path,
                  raw.get().source().toString(),
                  "is set together with "
                      + foundPath
                      + " ("
                      + found.source()
                      + "); both set "
                      + setting.env()
                      + ", keep one of them"));
          return new Resolved<>(setting, null, found.source(), true, foundPath);
        }
        foundPath = path;
        found = raw.get();
      }
      if (found != null) {
        return parseRaw(setting, found, foundPath);
      }
    }
    return new Resolved<>(setting, setting.defaultValue(), ValueSource.DEFAULT, false);
  }

  /** A value from the environment or a flag: always text. */
  private <T> Resolved<T> parseText(
      Setting<T> setting, String text, ValueSource source, String key) {
    if (text.indexOf('\uFFFD') >= 0) {
      return invalid(setting, key, source, shown(setting, text) + " " + REPLACEMENT_CHARACTER);
    }
    try {
      return new Resolved<>(setting, setting.type().parse(text), source, false, key);
    } catch (InvalidValueException e) {
      report(setting, key, source, text, e);
      return invalid(setting, key, source);
    }
  }

  /** A value from the TOML file: its TOML type must be one the setting accepts. */
  private <T> Resolved<T> parseRaw(Setting<T> setting, TomlDocument.Raw raw, String key) {
    ValueSource source = raw.source();
    ValueType<T> type = setting.type();
    if (!type.tomlKinds().contains(raw.kind())) {
      return invalid(setting, key, source, wrongType(setting.secret(), raw, type));
    }
    if (raw.kind() != TomlKind.ARRAY) {
      return parseText(setting, raw.text(), source, key);
    }
    if (raw.list() == null) {
      return invalid(
          setting,
          key,
          source,
          "is an array with items that are not strings; expected " + type.describe());
    }
    for (String item : raw.list()) {
      if (item.indexOf('\uFFFD') >= 0) {
        return invalid(setting, key, source, shown(setting, item) + " " + REPLACEMENT_CHARACTER);
      }
    }
    try {
      return new Resolved<>(setting, type.parseList(raw.list()), source, false, key);
    } catch (InvalidValueException e) {
      report(setting, key, source, null, e);
      return invalid(setting, key, source);
    }
  }

  /** {@code setting} as found under {@code key} but unusable (the problem is already recorded). */
  private static <T> Resolved<T> invalid(Setting<T> setting, String key, ValueSource source) {
    return new Resolved<>(setting, null, source, true, key);
  }

  /** Records {@code reason} against {@code key}; {@code setting} resolves as unusable. */
  private <T> Resolved<T> invalid(
      Setting<T> setting, String key, ValueSource source, String reason) {
    problems.add(new ConfigProblem(key, source.toString(), reason));
    return invalid(setting, key, source);
  }

  private void report(
      Setting<?> setting, String key, ValueSource source, String text, InvalidValueException e) {
    for (InvalidValueException.Invalid invalid : e.invalid()) {
      String piece = invalid.value() != null ? invalid.value() : text;
      String value = piece == null ? "array" : shown(setting, piece);
      problems.add(new ConfigProblem(key, source.toString(), value + " " + invalid.reason()));
    }
  }

  /** A value as messages show it: quoted, hidden for secrets, credentials cut from URLs. */
  private static String shown(Setting<?> setting, String value) {
    return setting.secret() ? "[hidden]" : Quote.quoted(setting.type().display(value));
  }

  /** {@code has the wrong type: "1883" is a string; expected integer in [1, 65535]}. */
  static String wrongType(boolean secret, TomlDocument.Raw raw, ValueType<?> type) {
    String shown =
        secret
            ? "it"
            : raw.kind() == TomlKind.ARRAY || raw.kind() == TomlKind.TABLE ? "it" : raw.shown();
    String expected;
    if (type.tomlKinds().equals(java.util.Set.of(TomlKind.STRING))) {
      expected = "a quoted string (" + type.describe() + ")";
    } else {
      expected = type.describe();
      if (raw.kind() == TomlKind.STRING) {
        expected += ", without quotes";
      }
    }
    return "has the wrong type: "
        + shown
        + " is "
        + raw.kind().description()
        + "; expected "
        + expected;
  }

  @SuppressWarnings("unchecked")
  private <T> Resolved<T> get(Setting<T> setting) {
    Resolved<T> r = (Resolved<T>) resolved.get(setting);
    if (r == null) {
      // A setting of the other connector's table: it keeps its default here.
      return new Resolved<>(
          setting, setting.defaultValue(), new ValueSource(ValueSource.Kind.DEFAULT, "", 0), false);
    }
    return r;
  }

  private <T> T value(Setting<T> setting) {
    return get(setting).value();
  }

  private boolean isSet(Setting<?> setting) {
    Resolved<?> r = get(setting);
    return r.source().kind() != ValueSource.Kind.DEFAULT;
  }

  private void problem(Setting<?> setting, String reason) {
    Resolved<?> r = get(setting);
    problems.add(new ConfigProblem(r.key(), r.source().toString(), reason));
  }

  private static String whereToSet(Setting<?> setting) {
    StringBuilder out = new StringBuilder("set ").append(setting.env());
    if (setting.flag() != null) {
      out.append(", ").append(setting.flag());
    }
    if (setting.toml() != null) {
      out.append(" or ").append(setting.toml()).append(" in the configuration file");
    }
    return out.toString();
  }

  private void requireSet(Setting<?> setting, String reason) {
    Resolved<?> r = get(setting);
    if (r.value() == null && !r.invalid()) {
      problems.add(new ConfigProblem(setting.env(), "not set", reason));
    }
  }

  // ---- assembly and cross-checks ------------------------------------------------------------

  /** Cross-checks the resolved values and builds the settings; null when problems were found. */
  ConnectorSettings assemble(List<RouteEntry> routes, List<SchemaEntry> schemas) {
    // MQTT side
    boolean mqttTls = Boolean.TRUE.equals(value(MQTT_USE_TLS));
    if (!isSet(MQTT_BROKER_PORT) && mqttTls) {
      defaultFrom(MQTT_BROKER_PORT, 8883, "MQTT_USE_TLS=true");
    }
    String password = secret(MQTT_PASSWORD, MQTT_PASSWORD_FILE);
    int protocol = value(MQTT_PROTOCOL_VERSION) == null ? 3 : value(MQTT_PROTOCOL_VERSION);
    if (password != null && value(MQTT_USERNAME) == null && protocol == 3) {
      problem(
          isSet(MQTT_PASSWORD) ? MQTT_PASSWORD : MQTT_PASSWORD_FILE,
          "is set without MQTT_USERNAME; MQTT 3.1.1 allows a password only with a user name");
    }
    TlsSettings mqttTlsSettings =
        tls(
            "MQTT_USE_TLS",
            mqttTls,
            MQTT_TLS_CA_FILE,
            MQTT_TLS_CERT_FILE,
            MQTT_TLS_KEY_FILE,
            Boolean.TRUE.equals(value(MQTT_TLS_INSECURE_SKIP_VERIFY)));
    if (Boolean.TRUE.equals(value(MQTT_TLS_INSECURE_SKIP_VERIFY))) {
      if (!mqttTls) {
        problem(MQTT_TLS_INSECURE_SKIP_VERIFY, "is true but MQTT_USE_TLS is false");
      } else {
        warnings.add(
            "MQTT_TLS_INSECURE_SKIP_VERIFY is true: the MQTT broker's host name is not verified;"
                + " use this for testing only");
      }
    }

    // Danube side
    String url = value(DANUBE_SERVICE_URL);
    boolean https = url != null && url.regionMatches(true, 0, "https:", 0, 6);
    boolean danubeTls;
    if (isSet(DANUBE_TLS)) {
      danubeTls = Boolean.TRUE.equals(value(DANUBE_TLS));
      if (!danubeTls && https && value(DANUBE_TLS) != null) {
        problem(DANUBE_TLS, "is false but DANUBE_SERVICE_URL starts with https://");
      }
    } else {
      danubeTls = https;
      if (https) {
        defaultFrom(DANUBE_TLS, true, "https URL");
      }
    }
    String token = secret(DANUBE_TOKEN, DANUBE_TOKEN_FILE);
    if (token != null && !danubeTls && !get(DANUBE_TLS).invalid()) {
      problem(
          value(DANUBE_TOKEN_FILE) != null ? DANUBE_TOKEN_FILE : DANUBE_TOKEN,
          "needs TLS towards Danube (a token must not travel in clear text); set DANUBE_TLS=true"
              + " or use an https:// DANUBE_SERVICE_URL");
    }
    TlsSettings danubeTlsSettings =
        tls(
            "DANUBE_TLS",
            danubeTls,
            DANUBE_TLS_CA_FILE,
            DANUBE_TLS_CERT_FILE,
            DANUBE_TLS_KEY_FILE,
            false);

    if (isSet(POLL_INTERVAL_MS) && value(POLL_INTERVAL_MS) != null) {
      Resolved<Integer> poll = get(POLL_INTERVAL_MS);
      String reason =
          "has no effect: the MQTT client delivers messages as they arrive (push), so there is"
              + " nothing to poll";
      warnings.add(
          poll.source().kind() == ValueSource.Kind.FILE
              ? poll.key() + " (" + poll.source() + ") " + reason
              : poll.key() + " is set but " + reason);
    }
    long sessionExpiry = sessionExpiry(protocol);
    if (Boolean.TRUE.equals(value(DANUBE_CREATE_NAMESPACES))
        && value(DANUBE_ADMIN_URL) == null
        && !get(DANUBE_ADMIN_URL).invalid()) {
      problem(
          DANUBE_CREATE_NAMESPACES,
          "is true but DANUBE_ADMIN_URL is not set; namespaces are created through Danube's admin"
              + " API");
    }

    if (!problems.isEmpty()) {
      return null;
    }
    MqttSettings mqtt =
        new MqttSettings(
            value(MQTT_BROKER_HOST),
            value(MQTT_BROKER_PORT),
            value(MQTT_CLIENT_ID),
            value(MQTT_USERNAME),
            password,
            mqttTlsSettings,
            value(MQTT_KEEP_ALIVE_SECS),
            value(MQTT_CLEAN_SESSION),
            value(MQTT_INCLUDE_METADATA),
            value(MQTT_MAX_PACKET_SIZE),
            protocol,
            sessionExpiry,
            value(MQTT_RETAIN_HANDLING),
            value(DEAD_LETTER_TOPIC),
            value(MQTT_SKIP_MARKED),
            value(MQTT_SKIP_TOPIC_PREFIX));
    DanubeSettings danube =
        new DanubeSettings(
            url,
            danubeTlsSettings,
            token,
            value(DANUBE_ADMIN_URL),
            value(DANUBE_CREATE_NAMESPACES));
    RuntimeSettings runtime =
        new RuntimeSettings(
            value(MAX_IN_FLIGHT),
            value(QOS0_BUFFER),
            Duration.ofSeconds(value(DRAIN_TIMEOUT_SECS)),
            value(METRICS_PORT),
            Duration.ofSeconds(value(STALL_TIMEOUT_SECS)),
            value(LOG_LEVEL),
            value(LOG_FORMAT),
            value(ORDERING),
            value(MAX_IN_FLIGHT_BYTES),
            value(METRICS_BIND_ADDRESS),
            value(DYNAMIC_PRODUCER_CACHE));
    List<RouteSettings> routeSettings = new ArrayList<>();
    for (RouteEntry route : routes) {
      routeSettings.add(route.settings);
    }
    List<SchemaSettings> schemaSettings = new ArrayList<>();
    for (SchemaEntry schema : schemas) {
      schemaSettings.add(schema.settings);
    }
    return new ConnectorSettings(
        value(CONNECTOR_NAME), danube, mqtt, routeSettings, runtime, schemaSettings);
  }

  /** {@code topics}, set outside the file, wins over the file's route {@code tables}. */
  private void warnReplaced(Resolved<List<String>> topics, String tables) {
    warnings.add(
        topics.key()
            + " ("
            + topics.source()
            + ") replaces the "
            + tables
            + " of "
            + file.displayName());
  }

  /**
   * Resolves an unset {@code setting} to a default that follows from another value, {@code why}.
   */
  private <T> void defaultFrom(Setting<T> setting, T value, String why) {
    resolved.put(
        setting,
        new Resolved<>(setting, value, new ValueSource(ValueSource.Kind.DEFAULT, why, 0), false));
  }

  /** A secret given directly ({@code direct}) or as a file ({@code file}), never both. */
  private String secret(Setting<String> direct, Setting<Path> file) {
    if (value(file) == null) {
      return value(direct);
    }
    if (isSet(direct)) {
      problem(file, "is set together with " + direct.env() + "; set only one of them");
      return value(direct);
    }
    return readSecretFile(file);
  }

  /**
   * MQTT_SESSION_EXPIRY_SECS, defaulted from MQTT_CLEAN_SESSION: a clean session ends with the
   * connection, a persistent one never expires (what MQTT 3.1.1 does with clean session off).
   */
  private long sessionExpiry(int protocol) {
    boolean clean = !Boolean.FALSE.equals(value(MQTT_CLEAN_SESSION));
    if (!isSet(MQTT_SESSION_EXPIRY_SECS)) {
      long expiry = MqttSettings.defaultSessionExpiry(clean);
      defaultFrom(MQTT_SESSION_EXPIRY_SECS, expiry, "MQTT_CLEAN_SESSION=" + clean);
      return expiry;
    }
    Long expiry = value(MQTT_SESSION_EXPIRY_SECS);
    if (expiry == null) {
      return 0;
    }
    String name = get(MQTT_SESSION_EXPIRY_SECS).key();
    if (protocol == 3) {
      warnings.add(
          name
              + " is set but has no effect with MQTT 3.1.1 (MQTT_PROTOCOL_VERSION=3); the broker"
              + " keeps a session with MQTT_CLEAN_SESSION=false until its own expiry");
    } else if (clean && expiry > 0) {
      warnings.add(
          name
              + "="
              + expiry
              + " with MQTT_CLEAN_SESSION=true: every connect starts a new session, so the session"
              + " kept after a disconnect is never resumed");
    } else if (!clean && expiry == 0) {
      warnings.add(
          name
              + "=0 with MQTT_CLEAN_SESSION=false: the broker drops the session at each"
              + " disconnect, so messages published while the connector is away are not kept");
    }
    return expiry;
  }

  private TlsSettings tls(
      String switchName,
      boolean enabled,
      Setting<Path> ca,
      Setting<Path> cert,
      Setting<Path> key,
      boolean insecure) {
    if (!enabled) {
      for (Setting<Path> file : List.of(ca, cert, key)) {
        if (value(file) != null) {
          problem(file, "is set but " + switchName + " is false");
        }
      }
      return TlsSettings.DISABLED;
    }
    if (value(cert) != null && value(key) == null && !get(key).invalid()) {
      problem(
          cert,
          "is set without "
              + key.env()
              + "; mutual TLS needs the client certificate and its private key");
    }
    if (value(key) != null && value(cert) == null && !get(cert).invalid()) {
      problem(
          key,
          "is set without "
              + cert.env()
              + "; mutual TLS needs the client certificate and its private key");
    }
    return new TlsSettings(true, value(ca), value(cert), value(key), insecure);
  }

  private String readSecretFile(Setting<Path> setting) {
    try {
      String content = Files.readString(value(setting), StandardCharsets.UTF_8);
      content = content.replaceAll("[\r\n]+$", "");
      if (content.isEmpty()) {
        problem(setting, Quote.quoted(value(setting).toString()) + " is empty");
        return null;
      }
      return content;
    } catch (IOException e) {
      problem(
          setting,
          Quote.quoted(value(setting).toString())
              + " cannot be read: "
              + e.getClass().getSimpleName());
      return null;
    }
  }

  // ---- unknown keys and names -------------------------------------------------------------

  private void checkFileKeys() {
    Set<String> known = new LinkedHashSet<>();
    for (Setting<?> setting : table) {
      known.addAll(setting.tomlPaths());
    }
    for (String path : file.paths()) {
      if (known.contains(path)) {
        continue;
      }
      String noEffect = UpstreamKeys.WITHOUT_EFFECT.get(path);
      if (noEffect != null) {
        warnings.add(path + " (" + file.sourceOf(path) + ") " + noEffect);
      } else {
        unknownKey(path, file.sourceOf(path), known);
      }
    }
    if (sink) {
      checkTableKeys(TomlDocument.SINK_ROUTES, List.of("from", "to", "qos"));
    } else {
      checkTableKeys(TomlDocument.ROUTES, ROUTE_KEYS);
      checkTableKeys(TomlDocument.SCHEMAS, SCHEMA_KEYS);
    }
  }

  private void checkTableKeys(String arrayPath, List<String> keys) {
    List<Map<String, TomlDocument.Raw>> tables = file.tables(arrayPath);
    for (int i = 0; i < tables.size(); i++) {
      String prefix = arrayPath + "[" + i + "]";
      List<String> tableKnown = new ArrayList<>();
      for (String key : keys) {
        tableKnown.add(prefix + "." + key);
      }
      for (Map.Entry<String, TomlDocument.Raw> field : tables.get(i).entrySet()) {
        if (!keys.contains(field.getKey())) {
          unknownKey(prefix + "." + field.getKey(), field.getValue().source(), tableKnown);
        }
      }
    }
  }

  private void unknownKey(String path, ValueSource source, Iterable<String> known) {
    List<String> candidates = new ArrayList<>();
    known.forEach(candidates::add);
    String reason =
        Suggestions.closest(path, candidates)
            .map(s -> "unknown key; did you mean " + s + "?")
            .orElse("unknown key");
    problems.add(new ConfigProblem(path, source.toString(), reason));
  }

  /**
   * Warns about MQTT_* and DANUBE_* variables that are no setting, usually typos. Kubernetes'
   * service links (MQTT_SERVICE_HOST, MQTT_PORT_1883_TCP, ...) are left alone.
   */
  private void checkEnvironmentNames() {
    List<String> names = table.stream().map(Setting::env).toList();
    for (String name : env.names()) {
      if (!(name.startsWith("MQTT_") || name.startsWith("DANUBE_"))
          || names.contains(name)
          || isServiceLink(name)) {
        continue;
      }
      warnings.add(
          name
              + " is set in the environment but is not a setting of this connector"
              + Suggestions.closest(name, names).map(s -> "; did you mean " + s + "?").orElse(""));
    }
  }

  private boolean isServiceLink(String name) {
    if (name.matches(".*_SERVICE_(HOST|PORT(_.*)?)|.*_PORT_[0-9]+_(TCP|UDP|SCTP)(_[A-Z]+)?")) {
      return true;
    }
    return name.endsWith("_PORT") && env.get(name).orElse("").matches("(tcp|udp|sctp)://.*");
  }

  // ---- routes -------------------------------------------------------------------------------

  /** A resolved route and where it was configured. */
  static final class RouteEntry {
    final RouteSettings settings;
    final String key;
    final ValueSource source;
    final boolean derived;
    final Map<String, ValueSource> fieldSources;

    RouteEntry(
        RouteSettings settings,
        String key,
        ValueSource source,
        boolean derived,
        Map<String, ValueSource> fieldSources) {
      this.settings = settings;
      this.key = key;
      this.source = source;
      this.derived = derived;
      this.fieldSources = fieldSources;
    }
  }

  /** A resolved schema and where it was configured. */
  static final class SchemaEntry {
    final SchemaSettings settings;
    final String key;
    final ValueSource source;

    SchemaEntry(SchemaSettings settings, String key, ValueSource source) {
      this.settings = settings;
      this.key = key;
      this.source = source;
    }
  }

  /**
   * Reads the fields of one table of an array of tables ({@code [[mqtt.routes]]}, {@code
   * [[schemas]]}): type-checked, each problem with its key and line.
   */
  private final class TableFields {
    final String prefix;
    final Map<String, TomlDocument.Raw> table;
    final Map<String, ValueSource> sources = new HashMap<>();
    final ValueSource source;

    TableFields(String prefix, Map<String, TomlDocument.Raw> table) {
      this.prefix = prefix;
      this.table = table;
      this.source = file.sourceOf(prefix);
    }

    boolean has(String name) {
      return table.containsKey(name);
    }

    /** A field's value, else the value of {@code fallback}, else null (also when invalid). */
    <T> T get(String name, ValueType<T> type, Setting<T> fallback) {
      TomlDocument.Raw raw = table.get(name);
      if (raw == null) {
        return fallback == null ? null : value(fallback);
      }
      sources.put(name, raw.source());
      String key = prefix + "." + name;
      if (!type.tomlKinds().contains(raw.kind()) || raw.kind() == TomlKind.ARRAY) {
        problems.add(new ConfigProblem(key, raw.source().toString(), wrongType(false, raw, type)));
        return null;
      }
      if (raw.text().indexOf('\uFFFD') >= 0) {
        problems.add(
            new ConfigProblem(
                key,
                raw.source().toString(),
                Quote.quoted(raw.text()) + " " + REPLACEMENT_CHARACTER));
        return null;
      }
      try {
        return type.parse(raw.text());
      } catch (InvalidValueException e) {
        fail(name, Quote.quoted(type.display(raw.text())) + " " + e.getMessage());
        return null;
      }
    }

    /** A problem with a field (or with the table when the field is absent). */
    void fail(String name, String reason) {
      TomlDocument.Raw raw = table.get(name);
      if (raw == null) {
        problems.add(new ConfigProblem(prefix, source.toString(), reason));
      } else {
        problems.add(new ConfigProblem(prefix + "." + name, raw.source().toString(), reason));
      }
    }

    /** A required field that is missing. */
    void require(String name, String what) {
      if (!table.containsKey(name)) {
        problems.add(
            new ConfigProblem(prefix, source.toString(), "has no '" + name + "'; " + what));
      }
    }
  }

  /** Builds routes from MQTT_TOPICS or {@code [[mqtt.routes]]} and checks them as a set. */
  private final class RouteResolver {
    private final List<RouteEntry> routes = new ArrayList<>();
    private boolean fromFileRoutes;

    List<RouteEntry> resolve() {
      Resolved<List<String>> topics = get(MQTT_TOPICS);
      boolean topicsSet = topics.source().kind() != ValueSource.Kind.DEFAULT;
      boolean fileRoutes = file != null && file.hasRoutes();
      boolean topicsFromFile = topicsSet && topics.source().kind() == ValueSource.Kind.FILE;
      if (fileRoutes && topicsFromFile) {
        problem(
            MQTT_TOPICS, "is set together with [[mqtt.routes]] in the same file; use one of them");
        return routes;
      }
      if (topicsSet) {
        if (fileRoutes) {
          warnReplaced(topics, "[[mqtt.routes]]");
        }
        if (topics.value() != null) {
          fromTopics(topics);
        }
      } else if (fileRoutes) {
        fromFileRoutes = true;
        fromFile();
      } else if (!fileUnusable) {
        problems.add(
            new ConfigProblem(
                MQTT_TOPICS.env(),
                "not set",
                "is required unless the configuration file has [[mqtt.routes]]; "
                    + whereToSet(MQTT_TOPICS)));
      }
      checkSet();
      return routes;
    }

    /** The subscription of a filter, put in MQTT_SHARED_GROUP when that is set; null on a clash. */
    private SubscriptionFilter subscription(String text, Runnable onClash) {
      SubscriptionFilter parsed = SubscriptionFilter.parse(text);
      String group = value(MQTT_SHARED_GROUP);
      if (group == null || group.equals(parsed.group())) {
        return parsed;
      }
      if (parsed.isShared()) {
        onClash.run();
        return null;
      }
      return parsed.inGroup(group);
    }

    private String groupClash(String text) {
      return Quote.quoted(text)
          + " is already in the shared group "
          + SubscriptionFilter.parse(text).group()
          + ", but "
          + get(MQTT_SHARED_GROUP).key()
          + " ("
          + get(MQTT_SHARED_GROUP).source()
          + ") puts every filter in "
          + value(MQTT_SHARED_GROUP)
          + "; drop one of the two";
    }

    private void fromTopics(Resolved<List<String>> topics) {
      String key = topics.key();
      if (topics.value().isEmpty()) {
        problem(MQTT_TOPICS, "has no topic filter");
        return;
      }
      String target = value(MQTT_DANUBE_TOPIC);
      if (target == null && get(MQTT_DANUBE_TOPIC).invalid()) {
        return;
      }
      Integer qos = value(MQTT_QOS);
      Integer partitions = value(MQTT_PARTITIONS);
      Boolean reliable = value(RELIABLE_DISPATCH);
      if (qos == null
          || partitions == null
          || reliable == null
          || get(MQTT_SHARED_GROUP).invalid()
          || get(DEAD_LETTER_TOPIC).invalid()) {
        return;
      }
      for (String text : topics.value()) {
        SubscriptionFilter subscription =
            subscription(text, () -> problem(MQTT_TOPICS, groupClash(text)));
        if (subscription == null) {
          continue;
        }
        String filter = subscription.filter().text();
        boolean derived = target == null;
        String to = derived ? DanubeTopicName.derive(subscription.filter()) : target;
        routes.add(
            new RouteEntry(
                new RouteSettings(
                    filter,
                    to,
                    qos,
                    partitions,
                    reliable,
                    subscription.group(),
                    value(DEAD_LETTER_TOPIC),
                    Map.of(),
                    RoutingKey.TOPIC),
                key,
                topics.source(),
                derived,
                Map.of()));
      }
    }

    private void fromFile() {
      for (String reason : file.routeStructureProblems()) {
        problems.add(
            new ConfigProblem(
                TomlDocument.ROUTES, file.sourceOf(TomlDocument.ROUTES).toString(), reason));
      }
      List<Map<String, TomlDocument.Raw>> tables = file.routes();
      if (tables.isEmpty() && file.routeStructureProblems().isEmpty()) {
        problems.add(
            new ConfigProblem(
                TomlDocument.ROUTES,
                file.sourceOf(TomlDocument.ROUTES).toString(),
                "has no routes; add at least one [[mqtt.routes]] with a 'from' filter"));
      }
      for (int i = 0; i < tables.size(); i++) {
        fromTable(i, tables.get(i));
      }
    }

    private void fromTable(int index, Map<String, TomlDocument.Raw> table) {
      TableFields fields = new TableFields(TomlDocument.ROUTES + "[" + index + "]", table);
      int before = problems.size();
      String fromText = fields.get("from", ValueTypes.topicFilter(), null);
      String toText = fields.get("to", ValueTypes.text(), null);
      Integer qos = fields.get("qos", ValueTypes.qos(), MQTT_QOS);
      Integer partitions = fields.get("partitions", ValueTypes.integer(0, 10_000), MQTT_PARTITIONS);
      Boolean reliable = fields.get("reliable_dispatch", ValueTypes.bool(), RELIABLE_DISPATCH);
      String deadLetter =
          fields.get("dead_letter_topic", ValueTypes.danubeTopic(), DEAD_LETTER_TOPIC);
      String keyText = fields.get("routing_key", ValueTypes.text(), null);
      fields.require("from", "every route needs an MQTT topic filter");
      if (problems.size() > before
          || fromText == null
          || qos == null
          || partitions == null
          || reliable == null
          || get(MQTT_SHARED_GROUP).invalid()) {
        return;
      }
      SubscriptionFilter subscription =
          subscription(fromText, () -> fields.fail("from", groupClash(fromText)));
      if (subscription == null) {
        return;
      }
      TopicFilter filter = subscription.filter();
      boolean derived = false;
      String to = toText;
      if (to != null) {
        Optional<String> problem = DanubeTopicTemplate.problem(to, filter);
        if (problem.isPresent()) {
          fields.fail("to", Quote.quoted(to) + " " + problem.get());
        }
      } else {
        to = value(MQTT_DANUBE_TOPIC);
        if (to == null) {
          derived = true;
          to = DanubeTopicName.derive(filter);
        }
      }
      RoutingKey routingKey = RoutingKey.TOPIC;
      if (keyText != null) {
        try {
          routingKey = RoutingKey.parse(keyText);
          routingKey
              .problemWith(filter)
              .ifPresent(p -> fields.fail("routing_key", Quote.quoted(keyText) + " " + p));
        } catch (IllegalArgumentException e) {
          fields.fail("routing_key", e.getMessage());
        }
      }
      Map<String, String> attributes = attributes(fields, filter);
      if (problems.size() > before) {
        return;
      }
      routes.add(
          new RouteEntry(
              new RouteSettings(
                  filter.text(),
                  to,
                  qos,
                  partitions,
                  reliable,
                  subscription.group(),
                  deadLetter,
                  attributes,
                  routingKey),
              fields.prefix,
              fields.source,
              derived,
              fields.sources));
    }

    /** {@code extract_attributes = { plant = "$1" }}: names and value templates checked. */
    private Map<String, String> attributes(TableFields fields, TopicFilter filter) {
      TomlDocument.Raw raw = fields.table.get("extract_attributes");
      if (raw == null) {
        return Map.of();
      }
      fields.sources.put("extract_attributes", raw.source());
      if (raw.kind() != TomlKind.TABLE) {
        fields.fail(
            "extract_attributes",
            "has the wrong type: it is "
                + raw.kind().description()
                + "; expected a table of attribute name to value, such as { plant = \"$1\" }");
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String name : raw.table().keySet()) {
        TomlDocument.Raw value = raw.table().get(name);
        String key = fields.prefix + ".extract_attributes." + name;
        String at = value.source().toString();
        if (value.kind() != TomlKind.STRING) {
          problems.add(
              new ConfigProblem(
                  key,
                  at,
                  "has the wrong type: "
                      + value.shown()
                      + " is "
                      + value.kind().description()
                      + "; expected a quoted string such as \"$1\""));
          continue;
        }
        if (name.isBlank()
            || name.equals("source")
            || RESERVED_ATTRIBUTE_PREFIXES.stream().anyMatch(name::startsWith)) {
          problems.add(
              new ConfigProblem(
                  key,
                  at,
                  "is not a usable attribute name; 'source' and names starting with 'mqtt.' or"
                      + " 'dlq.' belong to the connector"));
          continue;
        }
        Optional<String> problem =
            CaptureTemplate.problem(value.text())
                .or(() -> CaptureTemplate.parse(value.text()).problemWith(filter));
        if (problem.isPresent()) {
          problems.add(
              new ConfigProblem(key, at, Quote.quoted(value.text()) + " " + problem.get()));
          continue;
        }
        out.put(name, value.text());
      }
      return out;
    }

    private void checkSet() {
      Map<String, RouteEntry> byFilter = new HashMap<>();
      Map<String, RouteEntry> byDerivedName = new HashMap<>();
      Map<String, RouteEntry> byTarget = new HashMap<>();
      for (RouteEntry route : routes) {
        RouteSettings s = route.settings;
        RouteEntry sameFilter = byFilter.putIfAbsent(s.from(), route);
        if (sameFilter != null) {
          routeProblem(
              route,
              "from",
              Quote.quoted(s.from())
                  + (fromFileRoutes
                      ? " is already the filter of " + sameFilter.key
                      : " is listed twice")
                  + "; only the first matching route is used");
          continue;
        }
        if (route.derived) {
          RouteEntry sameName = byDerivedName.putIfAbsent(s.to(), route);
          if (sameName != null) {
            routeProblem(
                route,
                "from",
                Quote.quoted(s.from())
                    + " derives the Danube topic "
                    + s.to()
                    + ", as "
                    + Quote.quoted(sameName.settings.from())
                    + " does; "
                    + (fromFileRoutes
                        ? "give one of these routes an explicit 'to'"
                        : "set MQTT_DANUBE_TOPIC or use [[mqtt.routes]] with explicit 'to'"));
            continue;
          }
        }
        if (s.dynamicTarget()) {
          continue;
        }
        RouteEntry sameTarget = byTarget.putIfAbsent(s.to(), route);
        if (sameTarget != null) {
          RouteSettings first = sameTarget.settings;
          if (first.partitions() != s.partitions()) {
            routeProblem(
                route,
                "partitions",
                s.partitions()
                    + " differs from "
                    + first.partitions()
                    + " of "
                    + sameTarget.key
                    + ", which sends to the same Danube topic "
                    + s.to()
                    + "; a topic has one partition count");
          }
          if (first.reliableDispatch() != s.reliableDispatch()) {
            routeProblem(
                route,
                "reliable_dispatch",
                s.reliableDispatch()
                    + " differs from "
                    + first.reliableDispatch()
                    + " of "
                    + sameTarget.key
                    + ", which sends to the same Danube topic "
                    + s.to()
                    + "; a topic has one dispatch mode");
          }
        }
      }
      boolean globalReported = false;
      for (RouteEntry route : routes) {
        String deadLetter = route.settings.deadLetterTopic();
        RouteEntry target = deadLetter == null ? null : byTarget.get(deadLetter);
        if (target != null) {
          boolean own = route.fieldSources.containsKey("dead_letter_topic");
          String reason =
              deadLetter
                  + " is also the target of "
                  + target.key
                  + "; undeliverable messages would mix with the data, pick a topic of its own";
          if (own) {
            routeProblem(route, "dead_letter_topic", reason);
          } else if (!globalReported) {
            problem(DEAD_LETTER_TOPIC, reason);
            globalReported = true;
          }
        }
      }
      warnPrefixes(byTarget.keySet());
    }

    private void routeProblem(RouteEntry route, String field, String reason) {
      if (route.key.startsWith(TomlDocument.ROUTES)) {
        ValueSource source = route.fieldSources.getOrDefault(field, route.source);
        String key = route.fieldSources.containsKey(field) ? route.key + "." + field : route.key;
        problems.add(new ConfigProblem(key, source.toString(), reason));
      } else {
        problems.add(new ConfigProblem(route.key, route.source.toString(), reason));
      }
    }

    // Danube refuses to create a plain topic that is a name prefix of an existing one
    // (danube-protocol.md 3.4); the order in which producers are created decides which fails.
    private void warnPrefixes(Set<String> targets) {
      for (String a : targets) {
        for (String b : targets) {
          if (!a.equals(b) && b.startsWith(a)) {
            warnings.add(
                "Danube topics "
                    + a
                    + " and "
                    + b
                    + ": Danube cannot auto-create "
                    + a
                    + " once "
                    + b
                    + " exists (it treats "
                    + a
                    + " as a partition base name); create both in advance or rename one");
          }
        }
      }
    }
  }

  /** Builds the {@code [[schemas]]} entries and checks them against the routes. */
  private final class SchemaResolver {
    private final List<RouteEntry> routes;
    private final List<SchemaEntry> schemas = new ArrayList<>();

    SchemaResolver(List<RouteEntry> routes) {
      this.routes = routes;
    }

    List<SchemaEntry> resolve() {
      if (file == null || !file.hasTables(TomlDocument.SCHEMAS)) {
        return schemas;
      }
      for (String reason : file.structureProblems(TomlDocument.SCHEMAS)) {
        problems.add(
            new ConfigProblem(
                TomlDocument.SCHEMAS, file.sourceOf(TomlDocument.SCHEMAS).toString(), reason));
      }
      List<Map<String, TomlDocument.Raw>> tables = file.tables(TomlDocument.SCHEMAS);
      Map<String, String> byTopic = new HashMap<>();
      for (int i = 0; i < tables.size(); i++) {
        SchemaEntry entry = fromTable(i, tables.get(i));
        if (entry == null) {
          continue;
        }
        String earlier = byTopic.putIfAbsent(entry.settings.topic(), entry.key);
        if (earlier != null) {
          problems.add(
              new ConfigProblem(
                  entry.key + ".topic",
                  file.sourceOf(entry.key + ".topic").toString(),
                  entry.settings.topic()
                      + " already has a schema in "
                      + earlier
                      + "; a topic has one schema"));
          continue;
        }
        schemas.add(entry);
      }
      return schemas;
    }

    private SchemaEntry fromTable(int index, Map<String, TomlDocument.Raw> table) {
      TableFields fields = new TableFields(TomlDocument.SCHEMAS + "[" + index + "]", table);
      int before = problems.size();
      String topic = fields.get("topic", ValueTypes.danubeTopic(), null);
      String subject = fields.get("subject", ValueTypes.text(), null);
      SchemaType type = fields.get("schema_type", schemaType(), null);
      String schemaFile = fields.get("schema_file", ValueTypes.textOrEmpty(), null);
      Boolean autoRegister = fields.get("auto_register", ValueTypes.bool(), null);
      ValidationPolicy policy =
          fields.get(
              "validation_policy",
              ValueTypes.choice(ValidationPolicy.class, ValidationPolicy::configName),
              null);
      VersionStrategy strategy = versionStrategy(fields);
      fields.require("topic", "every schema names the Danube topic it applies to");
      fields.require("subject", "every schema names its subject in Danube's schema registry");
      fields.require("schema_type", "expected json_schema, string, number or bytes");
      if (problems.size() > before || topic == null || subject == null || type == null) {
        return null;
      }
      if (!isRouteTarget(topic)) {
        fields.fail(
            "topic",
            topic
                + " is not the target of any route; a schema applies to what a route sends to its"
                + " Danube topic");
      }
      Path path = null;
      String definition = "";
      if (type.needsFile()) {
        if (schemaFile == null || schemaFile.isEmpty()) {
          fields.fail(
              "schema_file",
              (schemaFile == null ? "is missing" : "is empty")
                  + "; schema_type json_schema needs the JSON Schema file");
          return null;
        }
        path = Path.of(schemaFile);
        definition = readSchema(fields, path);
        if (definition == null) {
          return null;
        }
      } else if (schemaFile != null && !schemaFile.isEmpty()) {
        warnings.add(
            fields.prefix
                + ".schema_file ("
                + fields.sources.get("schema_file")
                + ") is ignored: schema_type "
                + type.configName()
                + " has no schema file");
      }
      if (problems.size() > before) {
        return null;
      }
      return new SchemaEntry(
          new SchemaSettings(
              topic,
              subject,
              type,
              path,
              definition,
              autoRegister == null || autoRegister,
              strategy == null ? VersionStrategy.LATEST : strategy,
              policy == null ? ValidationPolicy.NONE : policy),
          fields.prefix,
          fields.source);
    }

    private boolean isRouteTarget(String topic) {
      for (RouteEntry route : routes) {
        RouteSettings r = route.settings;
        if (r.dynamicTarget()
            ? DanubeTopicTemplate.of(r.to(), TopicFilter.of(r.from())).canRender(topic)
            : r.to().equals(topic)) {
          return true;
        }
      }
      // Without valid routes there is nothing to compare with; their problems are reported.
      return routes.isEmpty();
    }

    private String readSchema(TableFields fields, Path path) {
      String shown = Quote.quoted(path.toString());
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        fields.fail(
            "schema_file",
            shown + (Files.exists(path) ? " is not a readable file" : " does not exist"));
        return null;
      }
      String text;
      try {
        byte[] bytes = Files.readAllBytes(path);
        text =
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        fields.fail("schema_file", shown + " is not valid UTF-8");
        return null;
      } catch (IOException e) {
        fields.fail("schema_file", shown + " cannot be read: " + e.getClass().getSimpleName());
        return null;
      }
      Optional<String> problem = JsonSchemaCheck.problem(text);
      if (problem.isPresent()) {
        fields.fail("schema_file", shown + " " + problem.get());
        return null;
      }
      return text;
    }

    /** {@code "latest"}, {@code { pinned = 2 }} or {@code { minimum = 1 }}. */
    private VersionStrategy versionStrategy(TableFields fields) {
      TomlDocument.Raw raw = fields.table.get("version_strategy");
      if (raw == null) {
        return null;
      }
      fields.sources.put("version_strategy", raw.source());
      String expected = "expected \"latest\", { pinned = N } or { minimum = N }";
      if (raw.kind() == TomlKind.STRING) {
        if (raw.text().trim().equalsIgnoreCase("latest")) {
          return VersionStrategy.LATEST;
        }
        fields.fail("version_strategy", raw.shown() + " is not a version strategy; " + expected);
        return null;
      }
      if (raw.kind() == TomlKind.TABLE && raw.table().size() == 1) {
        Map.Entry<String, TomlDocument.Raw> only = raw.table().entrySet().iterator().next();
        TomlDocument.Raw version = only.getValue();
        boolean known = only.getKey().equals("pinned") || only.getKey().equals("minimum");
        if (known && version.kind() == TomlKind.INTEGER) {
          long n = Long.parseLong(version.text());
          if (n >= 1 && n <= Integer.MAX_VALUE) {
            return only.getKey().equals("pinned")
                ? VersionStrategy.pinned((int) n)
                : VersionStrategy.minimum((int) n);
          }
          fields.fail("version_strategy", "has the version " + n + "; versions start at 1");
          return null;
        }
      }
      fields.fail("version_strategy", "is not a version strategy; " + expected);
      return null;
    }

    private ValueType<SchemaType> schemaType() {
      ValueType<SchemaType> names = ValueTypes.choice(SchemaType.class, SchemaType::configName);
      return new ValueType<>() {
        @Override
        public SchemaType parse(String raw) throws InvalidValueException {
          String value = raw.trim().toLowerCase(java.util.Locale.ROOT);
          if (value.equals("json")) {
            return SchemaType.JSON_SCHEMA;
          }
          if (value.equals("avro") || value.equals("protobuf")) {
            throw new InvalidValueException(
                "is not supported by this connector; use json_schema, string, number or bytes");
          }
          return names.parse(raw);
        }

        @Override
        public String describe() {
          return names.describe();
        }
      };
    }
  }

  private EffectiveConfig.Entry entry(Resolved<?> r) {
    return new EffectiveConfig.Entry(r.setting(), display(r), r.source());
  }

  private static <T> String display(Resolved<T> r) {
    if (r.value() == null) {
      return "-";
    }
    if (r.setting().secret()) {
      return "[hidden]";
    }
    return r.setting().type().format(r.value());
  }
}
