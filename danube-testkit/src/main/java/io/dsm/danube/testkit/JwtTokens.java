/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Mints HS256 tokens shaped like Danube's ({@code danube-admin} tokens): claims {@code iss}, {@code
 * exp}, {@code sub}, {@code principal_type} and {@code principal_name}. Test utility; send the
 * result as {@code authorization: Bearer <token>}.
 */
public final class JwtTokens {
  /** The {@code iss} claim of minted tokens; Danube does not check it. */
  public static final String ISSUER = "danube-testkit";

  /** The {@code principal_type} of minted tokens. */
  public static final String PRINCIPAL_TYPE = "service_account";

  private static final SecureRandom RANDOM = new SecureRandom();

  private JwtTokens() {}

  /** A token for {@code subject} signed with {@code secret}, valid for {@code ttl} from now. */
  public static String valid(byte[] secret, String subject, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("JwtTokens.valid: ttl must be positive, but was " + ttl);
    }
    return sign(secret, subject, Instant.now().plus(ttl));
  }

  /**
   * A correctly signed token that expired an hour ago, well beyond the 60 s leeway Danube grants.
   */
  public static String expired(byte[] secret, String subject) {
    return sign(secret, subject, Instant.now().minus(Duration.ofHours(1)));
  }

  /** A token valid for an hour but signed with a random secret no broker knows. */
  public static String wronglySigned(String subject) {
    byte[] other = new byte[32];
    RANDOM.nextBytes(other);
    return sign(other, subject, Instant.now().plus(Duration.ofHours(1)));
  }

  /** A token with every claim chosen by the caller, for edge cases. */
  public static String sign(
      byte[] secret, String subject, String principalType, String issuer, Instant expiresAt) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(principalType, "principalType");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (secret.length == 0) {
      throw new IllegalArgumentException("JwtTokens: secret must not be empty");
    }
    return JWT.create()
        .withIssuer(issuer)
        .withSubject(subject)
        .withExpiresAt(expiresAt)
        .withClaim("principal_type", principalType)
        .withClaim("principal_name", subject)
        .sign(Algorithm.HMAC256(secret));
  }

  private static String sign(byte[] secret, String subject, Instant expiresAt) {
    return sign(secret, subject, PRINCIPAL_TYPE, ISSUER, expiresAt);
  }
}
