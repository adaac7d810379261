/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Danube's 4 MiB request limit with tonic's answer: OUT_OF_RANGE {@code Error, decoded message
 * length too large: found <n> bytes, the limit is: 4194304 bytes}. grpc-java's own limit would
 * answer RESOURCE_EXHAUSTED, which clients retry and tonic never sends for this, so the Netty limit
 * is set higher and the real one is enforced here, before any handler (and so before the topic's
 * max-message-size policy) sees the request. Authentication interceptors decide on the headers
 * alone and so still answer first, as tonic's do.
 *
 * <p>The size is the protobuf encoding of the request, which is the gRPC frame length tonic checks
 * as long as the client does not compress (no Danube client does).
 */
public final class TransportLimitInterceptor implements ServerInterceptor {
  /** tonic's {@code DEFAULT_MAX_RECV_MESSAGE_SIZE}, which the real broker keeps. */
  public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final int maxRequestBytes;

  public TransportLimitInterceptor() {
    this(MAX_REQUEST_BYTES);
  }

  TransportLimitInterceptor(int maxRequestBytes) {
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
  }

  /** tonic's wording for a request over the limit. */
  static String tooLargeDescription(long foundBytes, int limitBytes) {
    return "Error, decoded message length too large: found "
        + foundBytes
        + " bytes, the limit is: "
        + limitBytes
        + " bytes";
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    return new LimitedListener<>(call, next.startCall(call, headers), maxRequestBytes);
  }

  /**
   * Rejects the first oversized request and then swallows the call's remaining events: the handler
   * must neither see the request nor try to answer a call that is already closed.
   */
  private static final class LimitedListener<ReqT, RespT>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
    private final ServerCall<ReqT, RespT> call;
    private final int maxRequestBytes;
    // Listener events of one call are delivered serially, so a plain field is enough.
    private boolean rejected;

    LimitedListener(ServerCall<ReqT, RespT> call, ServerCall.Listener<ReqT> delegate, int max) {
      super(delegate);
      this.call = call;
      this.maxRequestBytes = max;
    }

    @Override
    public void onMessage(ReqT message) {
      if (rejected) {
        return;
      }
      if (message instanceof MessageLite proto) {
        int size = proto.getSerializedSize();
        if (size > maxRequestBytes) {
          rejected = true;
          call.close(
              Status.OUT_OF_RANGE.withDescription(tooLargeDescription(size, maxRequestBytes)),
              new Metadata());
          return;
        }
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!rejected) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!rejected) {
        super.onReady();
      }
    }

    @Override
    public void onCancel() {
      if (!rejected) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!rejected) {
        super.onComplete();
      }
    }
  }
}
