/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsm.runtime.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What print-config and check show of the security settings: flags yes, secrets never. */
class SecurityConfigCliTest {
  private static final String PASSWORD = "pw-7Hq2-from-file";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.e30.c2VjcmV0LXNpZw";

  @TempDir Path dir;

  /** The seed with TLS to both sides, a token and MQTT credentials, the secrets in files. */
  private Map<String, String> env() throws Exception {
    return MainTest.seedWith(
        "DANUBE_SERVICE_URL", "https://danube.example:6650",
        "DANUBE_TOKEN_FILE", Files.writeString(dir.resolve("token"), TOKEN + "\n").toString(),
        "MQTT_USE_TLS", "true",
        "MQTT_TLS_INSECURE_SKIP_VERIFY", "true",
        "MQTT_USERNAME", "reader",
        "MQTT_PASSWORD_FILE", Files.writeString(dir.resolve("pw"), PASSWORD).toString());
  }

  @Test
  void printConfigShowsTheInsecureFlagTlsDefaultsAndHidesSecrets() throws Exception {
    MainTest.Result r = MainTest.run(env(), "print-config");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.err())
        .contains(
            "warning: MQTT_TLS_INSECURE_SKIP_VERIFY is true: the MQTT broker's host name is not verified");
    assertThat(r.out().lines())
        .anyMatch(l -> l.matches("MQTT_TLS_INSECURE_SKIP_VERIFY +true +env"))
        .anyMatch(l -> l.matches("MQTT_BROKER_PORT +8883 +default \\(MQTT_USE_TLS=true\\)"))
        .anyMatch(l -> l.matches("DANUBE_TLS +true +default \\(https URL\\)"))
        .anyMatch(l -> l.matches("MQTT_PASSWORD_FILE +" + dir.resolve("pw") + " +env"))
        .anyMatch(l -> l.matches("DANUBE_TOKEN_FILE +" + dir.resolve("token") + " +env"));
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
  }

  @Test
  void checkRefusesATokenOverPlaintextWithoutPrintingIt() throws Exception {
    Map<String, String> env = env();
    env.put("DANUBE_SERVICE_URL", "http://danube.example:6650");
    env.remove("DANUBE_TOKEN_FILE");
    env.put("DANUBE_TOKEN", TOKEN);

    MainTest.Result r = MainTest.run(env, "check");

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("DANUBE_TOKEN (env): needs TLS towards Danube");
    assertThat(r.out() + r.err()).doesNotContain(TOKEN);
  }
}
