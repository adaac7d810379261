/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Danube's client-port authentication in {@code auth.mode: tls} (protocol section 7, checklist item
 * 32), for every service on the port, HealthCheck included:
 *
 * <ol>
 *   <li>{@code x-danube-internal-broker} present: accepted as the broker-internal principal, with
 *       no further check (Danube's broker-to-broker path; clients must never send it).
 *   <li>{@code authorization: Bearer <jwt>} (or {@code bearer }): an HS256 token signed with the
 *       configured secret, carrying string claims {@code iss}, {@code sub}, {@code principal_type},
 *       {@code principal_name} and an integer {@code exp} that is not more than 60 s in the past
 *       (the Rust library's default leeway). The issuer's value is not checked, as in Danube.
 *   <li>Neither header: UNAUTHENTICATED {@code Authentication credentials are missing}.
 * </ol>
 *
 * Any token problem is UNAUTHENTICATED {@code Invalid token}; a header value that is not visible
 * ASCII is UNAUTHENTICATED {@code Authentication metadata is invalid}. Authorization (roles) is not
 * modelled: every authenticated caller may do everything. Danube's 30 s cache of validated tokens
 * is not modelled either, so an expired token is refused at once after the leeway.
 */
public final class JwtAuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> INTERNAL_BROKER =
      Metadata.Key.of("x-danube-internal-broker", Metadata.ASCII_STRING_MARSHALLER);

  /** jsonwebtoken's default leeway, applied to {@code exp}. */
  static final long EXPIRY_LEEWAY_SECONDS = 60;

  private static final List<String> STRING_CLAIMS =
      List.of("iss", "sub", "principal_type", "principal_name");
  private static final Pattern UNSIGNED_INTEGER = Pattern.compile("[0-9]+");
  private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\t\\x20-\\x7e]*");

  private final Algorithm algorithm;
  private final Clock clock;

  /** {@code hmacSecret}: the broker's {@code jwt.secret_key} as bytes (Danube uses its UTF-8). */
  public JwtAuthInterceptor(byte[] hmacSecret) {
    this(hmacSecret, Clock.systemUTC());
  }

  JwtAuthInterceptor(byte[] hmacSecret, Clock clock) {
    Objects.requireNonNull(hmacSecret, "hmacSecret");
    if (hmacSecret.length == 0) {
      throw new IllegalArgumentException("JWT hmacSecret must not be empty");
    }
    this.algorithm = Algorithm.HMAC256(hmacSecret.clone());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String failure = authenticate(headers);
    if (failure == null) {
      return next.startCall(call, headers);
    }
    call.close(Status.UNAUTHENTICATED.withDescription(failure), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** Null when the caller is authenticated, otherwise the status description to send. */
  private String authenticate(Metadata headers) {
    String internal = headers.get(INTERNAL_BROKER);
    if (internal != null) {
      return isVisibleAscii(internal) ? null : "Authentication metadata is invalid";
    }
    String authorization = headers.get(AUTHORIZATION);
    if (authorization == null) {
      return "Authentication credentials are missing";
    }
    if (!isVisibleAscii(authorization)) {
      return "Authentication metadata is invalid";
    }
    String token;
    if (authorization.startsWith("Bearer ") || authorization.startsWith("bearer ")) {
      token = authorization.substring("Bearer ".length());
    } else {
      return "Invalid token";
    }
    return isValid(token) ? null : "Invalid token";
  }

  private boolean isValid(String token) {
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
      if (!"HS256".equals(jwt.getAlgorithm())) {
        return false;
      }
      algorithm.verify(jwt);
    } catch (JWTVerificationException e) {
      return false;
    }
    for (String name : STRING_CLAIMS) {
      if (jwt.getClaim(name).asString() == null) {
        return false;
      }
    }
    Claim exp = jwt.getClaim("exp");
    if (exp.isMissing() || exp.isNull() || !UNSIGNED_INTEGER.matcher(exp.toString()).matches()) {
      return false;
    }
    long expiresAt;
    try {
      expiresAt = Long.parseLong(exp.toString());
    } catch (NumberFormatException tooLargeToExpire) {
      return true;
    }
    long now = clock.millis() / 1000;
    return expiresAt >= now - EXPIRY_LEEWAY_SECONDS;
  }

  private static boolean isVisibleAscii(String value) {
    return VISIBLE_ASCII.matcher(value).matches();
  }
}
