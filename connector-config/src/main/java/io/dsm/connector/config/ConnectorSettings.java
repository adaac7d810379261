/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

import java.util.List;

/**
 * The immutable, validated configuration: the only configuration type the runtime sees. Built by
 * {@code ConfigLoader} from defaults, the TOML file, the environment and command-line flags.
 *
 * @param connectorName {@code CONNECTOR_NAME}; also the metrics label and producer-name prefix
 * @param danube Danube side
 * @param mqtt MQTT side
 * @param routes routes in configuration order; the first matching route wins
 * @param runtime pipeline and operations settings
 */
public record ConnectorSettings(
    String connectorName,
    DanubeSettings danube,
    MqttSettings mqtt,
    List<RouteSettings> routes,
    RuntimeSettings runtime) {
  public ConnectorSettings {
    routes = List.copyOf(routes);
  }
}
