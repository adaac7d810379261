/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.cli;

import io.dsm.danube.client.SubscriptionType;
import java.util.Locale;
import picocli.CommandLine;

/** Accepts {@code exclusive}, {@code shared}, {@code failover}, {@code key-shared} (any case). */
final class SubscriptionTypeConverter implements CommandLine.ITypeConverter<SubscriptionType> {
  @Override
  public SubscriptionType convert(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "exclusive" -> SubscriptionType.EXCLUSIVE;
      case "shared" -> SubscriptionType.SHARED;
      case "failover" -> SubscriptionType.FAILOVER;
      case "key-shared", "keyshared" -> SubscriptionType.KEY_SHARED;
      default ->
          throw new CommandLine.TypeConversionException(
              "'"
                  + value
                  + "' is not a subscription type; use exclusive, shared, failover or"
                  + " key-shared");
    };
  }
}
