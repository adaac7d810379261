/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Adds {@code authorization: Bearer <token>} to every call, the way Danube's broker reads a JWT.
 * Also used for the proxy header {@code x-danube-broker-url}: both are a fixed header on every call
 * of one channel.
 */
final class AuthInterceptor implements ClientInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> BROKER_URL =
      Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);

  private final Metadata.Key<String> key;
  private final String value;

  private AuthInterceptor(Metadata.Key<String> key, String value) {
    this.key = key;
    this.value = value;
  }

  static AuthInterceptor bearer(String token) {
    return new AuthInterceptor(AUTHORIZATION, "Bearer " + token);
  }

  static AuthInterceptor brokerUrl(String brokerUrl) {
    return new AuthInterceptor(BROKER_URL, brokerUrl);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
      @Override
      public void start(Listener<RespT> responseListener, Metadata headers) {
        headers.put(key, value);
        super.start(responseListener, headers);
      }
    };
  }
}
