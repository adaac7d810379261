/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import static io.dsm.connector.config.Settings.*;

import io.dsm.connector.routing.DanubeTopicName;
import io.dsm.connector.routing.Quote;
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
      List.of("from", "to", "qos", "partitions", "reliable_dispatch");

  private final EnvSource env;
  private final Map<String, String> flags;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<Setting<?>, Resolved<?>> resolved = new LinkedHashMap<>();
  private TomlDocument file;

  /** A setting's value after all layers; {@code value} is null when unset or invalid. */
  record Resolved<T>(Setting<T> setting, T value, ValueSource source, boolean invalid) {}

  private ConfigLoader(EnvSource env, Map<String, String> flags) {
    this.env = env;
    this.flags = Map.copyOf(flags);
    for (String flag : this.flags.keySet()) {
      if (Settings.byFlag(flag).isEmpty()) {
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
    return new ConfigLoader(env, flags).load();
  }

  private LoadedConfig load() throws InvalidConfigException {
    readFile();
    for (Setting<?> setting : Settings.ALL) {
      if (setting != CONNECTOR_CONFIG_PATH) {
        resolve(setting);
        if (setting.required() && setting != MQTT_TOPICS) {
          requireSet(setting, "is required; " + whereToSet(setting));
        }
      }
    }
    List<RouteEntry> routes = new RouteResolver().resolve();
    ConnectorSettings settings = assemble(routes);
    if (file != null) {
      checkUnknownKeys();
    }
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
    return new LoadedConfig(settings, new EffectiveConfig(entries, routeLines), warnings);
  }

  // ---- layers -------------------------------------------------------------------------------

  private void readFile() {
    Resolved<Path> path = resolve(CONNECTOR_CONFIG_PATH);
    if (path.value() == null) {
      return;
    }
    // Messages name the file without its directory, as in "connector.toml:14": short, and the
    // full path is one print-config away.
    Path fileName = path.value().getFileName();
    String displayName = fileName == null ? path.value().toString() : fileName.toString();
    try {
      file = TomlDocument.read(path.value(), displayName);
    } catch (TomlDocument.UnreadableException e) {
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
      return parse(setting, flags.get(setting.flag()), null, ValueSource.FLAG);
    }
    Optional<String> fromEnv = env.get(setting.env());
    if (fromEnv.isPresent()) {
      return parse(setting, fromEnv.get(), null, ValueSource.ENV);
    }
    if (file != null && setting.toml() != null) {
      Optional<TomlDocument.Raw> raw = file.get(setting.toml());
      if (raw.isPresent()) {
        return parse(setting, raw.get().text(), raw.get().list(), raw.get().source());
      }
    }
    return new Resolved<>(setting, setting.defaultValue(), ValueSource.DEFAULT, false);
  }

  private <T> Resolved<T> parse(
      Setting<T> setting, String text, List<String> list, ValueSource source) {
    String key = setting.keyFor(source);
    if (text == null && list == null) {
      problems.add(
          new ConfigProblem(
              key, source.toString(), "has the wrong type; expected " + setting.type().describe()));
      return new Resolved<>(setting, null, source, true);
    }
    try {
      T value = text != null ? setting.type().parse(text) : setting.type().parseList(list);
      return new Resolved<>(setting, value, source, false);
    } catch (InvalidValueException e) {
      for (InvalidValueException.Invalid invalid : e.invalid()) {
        String shown = invalid.value() != null ? invalid.value() : text;
        problems.add(new ConfigProblem(key, source.toString(), show(setting, shown, invalid)));
      }
      return new Resolved<>(setting, null, source, true);
    }
  }

  private static String show(
      Setting<?> setting, String shown, InvalidValueException.Invalid invalid) {
    String value = setting.secret() ? "[hidden]" : shown == null ? "array" : Quote.quoted(shown);
    return value + " " + invalid.reason();
  }

  @SuppressWarnings("unchecked")
  private <T> Resolved<T> get(Setting<T> setting) {
    return (Resolved<T>) resolved.get(setting);
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
    problems.add(new ConfigProblem(setting.keyFor(r.source()), r.source().toString(), reason));
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
  ConnectorSettings assemble(List<RouteEntry> routes) {
    // MQTT side
    boolean mqttTls = Boolean.TRUE.equals(value(MQTT_USE_TLS));
    if (!isSet(MQTT_BROKER_PORT) && mqttTls) {
      resolved.put(
          MQTT_BROKER_PORT,
          new Resolved<>(
              MQTT_BROKER_PORT,
              8883,
              new ValueSource(ValueSource.Kind.DEFAULT, "MQTT_USE_TLS=true", 0),
              false));
    }
    String password = value(MQTT_PASSWORD);
    if (value(MQTT_PASSWORD_FILE) != null) {
      if (isSet(MQTT_PASSWORD)) {
        problem(MQTT_PASSWORD_FILE, "is set together with MQTT_PASSWORD; set only one of them");
      } else {
        password = readSecretFile(MQTT_PASSWORD_FILE);
      }
    }
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
        resolved.put(
            DANUBE_TLS,
            new Resolved<>(
                DANUBE_TLS,
                true,
                new ValueSource(ValueSource.Kind.DEFAULT, "https URL", 0),
                false));
      }
    }
    String token = value(DANUBE_TOKEN);
    if (value(DANUBE_TOKEN_FILE) != null) {
      if (isSet(DANUBE_TOKEN)) {
        problem(DANUBE_TOKEN_FILE, "is set together with DANUBE_TOKEN; set only one of them");
      } else {
        token = readSecretFile(DANUBE_TOKEN_FILE);
      }
    }
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
      warnings.add(
          "POLL_INTERVAL_MS is set but has no effect: the MQTT client delivers messages as they"
              + " arrive (push), so there is nothing to poll");
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
            protocol);
    DanubeSettings danube = new DanubeSettings(url, danubeTlsSettings, token);
    RuntimeSettings runtime =
        new RuntimeSettings(
            value(MAX_IN_FLIGHT),
            value(QOS0_BUFFER),
            Duration.ofSeconds(value(DRAIN_TIMEOUT_SECS)),
            value(METRICS_PORT),
            Duration.ofSeconds(value(STALL_TIMEOUT_SECS)),
            value(LOG_LEVEL),
            value(LOG_FORMAT));
    List<RouteSettings> routeSettings = new ArrayList<>();
    for (RouteEntry route : routes) {
      routeSettings.add(route.settings);
    }
    return new ConnectorSettings(value(CONNECTOR_NAME), danube, mqtt, routeSettings, runtime);
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

  // ---- unknown keys -------------------------------------------------------------------------

  private void checkUnknownKeys() {
    Set<String> known = new LinkedHashSet<>();
    for (Setting<?> setting : Settings.ALL) {
      if (setting.toml() != null) {
        known.add(setting.toml());
      }
    }
    for (String path : file.paths()) {
      if (!known.contains(path)) {
        unknownKey(path, file.sourceOf(path), known);
      }
    }
    List<Map<String, TomlDocument.Raw>> routes = file.routes();
    for (int i = 0; i < routes.size(); i++) {
      String prefix = TomlDocument.ROUTES + "[" + i + "]";
      List<String> routeKnown = new ArrayList<>();
      for (String key : ROUTE_KEYS) {
        routeKnown.add(prefix + "." + key);
      }
      for (Map.Entry<String, TomlDocument.Raw> field : routes.get(i).entrySet()) {
        if (!ROUTE_KEYS.contains(field.getKey())) {
          unknownKey(prefix + "." + field.getKey(), field.getValue().source(), routeKnown);
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
          warnings.add(
              MQTT_TOPICS.keyFor(topics.source())
                  + " ("
                  + topics.source()
                  + ") replaces the [[mqtt.routes]] of "
                  + file.displayName());
        }
        if (topics.value() != null) {
          fromTopics(topics);
        }
      } else if (fileRoutes) {
        fromFileRoutes = true;
        fromFile();
      } else {
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

    private void fromTopics(Resolved<List<String>> topics) {
      String key = MQTT_TOPICS.keyFor(topics.source());
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
      if (qos == null || partitions == null || reliable == null) {
        return;
      }
      for (String filter : topics.value()) {
        boolean derived = target == null;
        String to = derived ? DanubeTopicName.derive(TopicFilter.of(filter)) : target;
        routes.add(
            new RouteEntry(
                new RouteSettings(filter, to, qos, partitions, reliable),
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
      String prefix = TomlDocument.ROUTES + "[" + index + "]";
      int before = problems.size();
      Map<String, ValueSource> sources = new HashMap<>();
      String from = field(prefix, table, "from", ValueTypes.topicFilter(), null, sources);
      String to = field(prefix, table, "to", ValueTypes.danubeTopic(), null, sources);
      Integer qos = field(prefix, table, "qos", ValueTypes.integer(0, 2), MQTT_QOS, sources);
      Integer partitions =
          field(
              prefix, table, "partitions", ValueTypes.integer(0, 10_000), MQTT_PARTITIONS, sources);
      Boolean reliable =
          field(prefix, table, "reliable_dispatch", ValueTypes.bool(), RELIABLE_DISPATCH, sources);
      ValueSource routeSource = file.sourceOf(prefix);
      if (!table.containsKey("from")) {
        problems.add(
            new ConfigProblem(
                prefix,
                routeSource.toString(),
                "has no 'from'; every route needs an MQTT topic filter"));
      }
      if (problems.size() > before
          || from == null
          || qos == null
          || partitions == null
          || reliable == null) {
        return;
      }
      boolean derived = false;
      if (to == null) {
        to = value(MQTT_DANUBE_TOPIC);
        if (to == null) {
          derived = true;
          to = DanubeTopicName.derive(TopicFilter.of(from));
        }
      }
      routes.add(
          new RouteEntry(
              new RouteSettings(from, to, qos, partitions, reliable),
              prefix,
              routeSource,
              derived,
              sources));
    }

    /** A field of a route table, else the route default from the settings, else null. */
    private <T> T field(
        String prefix,
        Map<String, TomlDocument.Raw> table,
        String name,
        ValueType<T> type,
        Setting<T> fallback,
        Map<String, ValueSource> sources) {
      TomlDocument.Raw raw = table.get(name);
      if (raw == null) {
        return fallback == null ? null : value(fallback);
      }
      String key = prefix + "." + name;
      sources.put(name, raw.source());
      if (raw.text() == null) {
        problems.add(
            new ConfigProblem(
                key, raw.source().toString(), "has the wrong type; expected " + type.describe()));
        return null;
      }
      try {
        return type.parse(raw.text());
      } catch (InvalidValueException e) {
        problems.add(
            new ConfigProblem(
                key, raw.source().toString(), Quote.quoted(raw.text()) + " " + e.getMessage()));
        return null;
      }
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
