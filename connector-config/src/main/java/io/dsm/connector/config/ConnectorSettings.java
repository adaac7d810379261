/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;
import java.util.Optional;

/**
 * The immutable, validated configuration: the only configuration type the runtime sees. Built by
 * {@code ConfigLoader} from defaults, the TOML file, the environment and command-line flags.
 *
 * @param connectorName {@code CONNECTOR_NAME}; also the metrics label and producer-name prefix
 * @param danube Danube side
 * @param mqtt MQTT side
 * @param routes routes in configuration order; the first matching route wins
 * @param runtime pipeline and operations settings
 * @param schemas the {@code [[schemas]]} entries, at most one per Danube topic
 */
public record ConnectorSettings(
    String connectorName,
    DanubeSettings danube,
    MqttSettings mqtt,
    List<RouteSettings> routes,
    RuntimeSettings runtime,
    List<SchemaSettings> schemas) {
  public ConnectorSettings {
    routes = List.copyOf(routes);
    schemas = List.copyOf(schemas);
  }

  /** Without schemas. */
  public ConnectorSettings(
      String connectorName,
      DanubeSettings danube,
      MqttSettings mqtt,
      List<RouteSettings> routes,
      RuntimeSettings runtime) {
    this(connectorName, danube, mqtt, routes, runtime, List.of());
  }

  /** The schema of a Danube topic, if one is configured. */
  public Optional<SchemaSettings> schemaFor(String danubeTopic) {
    return schemas.stream().filter(s -> s.topic().equals(danubeTopic)).findFirst();
  }
}
