/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import io.dsm.connector.config.ConnectorSettings;
import io.dsm.runtime.ConnectorStartException;
import io.dsm.runtime.cli.ExitCodes;
import io.dsm.runtime.danube.DanubeConnection;
import io.dsm.runtime.mqtt.MqttConnectionCheck;
import io.dsm.runtime.mqtt.MqttIntakeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code check --connect}: connects to the MQTT broker (TLS, credentials; no subscription) and
 * looks up the route targets in Danube (TLS, token; nothing is produced), printing one line per
 * result. Both are tried even when the first fails, so one run shows every problem.
 */
final class ConnectCheck {
  private ConnectCheck() {}

  /**
   * Returns {@link ExitCodes#OK}; {@link ExitCodes#INVALID_CONFIG} when a setting is wrong (an
   * unusable TLS file, a missing Danube namespace, plaintext against a TLS port); else {@link
   * ExitCodes#DEPENDENCY_UNAVAILABLE} if anything failed.
   */
  static int run(ConnectorSettings settings, Duration timeout, PrintStream out, PrintStream err) {
    boolean ok = true;
    boolean config = false;
    try {
      out.println("MQTT ok: " + MqttConnectionCheck.run(settings.mqtt(), timeout));
    } catch (MqttIntakeException e) {
      err.println("MQTT FAILED: " + e.getMessage());
      ok = false;
    } catch (IllegalArgumentException e) {
      err.println("MQTT FAILED: " + e.getMessage());
      ok = false;
      config = true;
    }
    try {
      List<String> lines =
          DanubeConnection.check(
              settings.danube(), settings.connectorName(), settings.routes(), timeout);
      out.println(
          "Danube ok: "
              + settings.danube().serviceUrl()
              + " answered"
              + (settings.danube().token() == null ? "" : " and accepted the token")
              + (settings.danube().tls().enabled() ? " over TLS" : ""));
      lines.forEach(l -> out.println("  " + l));
    } catch (ConnectorStartException e) {
      err.println("Danube FAILED: " + e.getMessage());
      ok = false;
      config |= e.configuration();
    }
    out.flush();
    err.flush();
    return ok ? ExitCodes.OK : config ? ExitCodes.INVALID_CONFIG : ExitCodes.DEPENDENCY_UNAVAILABLE;
  }
}
