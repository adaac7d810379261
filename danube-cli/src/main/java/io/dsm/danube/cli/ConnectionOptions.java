/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.DanubeClient;
import io.dsm.danube.client.DanubeClientConfig;
import io.dsm.danube.client.DanubeClients;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the broker is and how long to keep retrying it; shared by every sub-command. */
public final class ConnectionOptions {

  @Option(
      names = "--service-url",
      required = true,
      paramLabel = "URL",
      description = "Broker service URL, e.g. http://127.0.0.1:6650")
  String serviceUrl;

  @Option(
      names = "--retry-budget",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long creating a producer/consumer or sending may retry retriable failures"
              + " (default: ${DEFAULT-VALUE})")
  Duration retryBudget;

  DanubeClient connect() {
    return DanubeClients.create(DanubeClientConfig.of(serviceUrl).withRetryBudget(retryBudget));
  }
}
