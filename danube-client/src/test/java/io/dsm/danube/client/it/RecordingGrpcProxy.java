/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.it;

import io.dsm.danube.proto.DiscoveryGrpc;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.dsm.danube.proto.TopicPartitionsResponse;
import io.dsm.testsupport.RawBytesMarshaller;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC proxy for tests, standing where a Danube deployment puts its ingress: it forwards
 * every call byte-for-byte to one upstream broker and records the method and two headers of each
 * call. TopicLookup is answered by the proxy itself with {@code connect_url = proxy, broker_url =
 * upstream, proxy = true}, the answer a broker behind a proxy gives. Optionally serves TLS.
 */
final class RecordingGrpcProxy implements AutoCloseable {
  /** One forwarded or answered call. */
  record SeenCall(String method, String brokerUrlHeader, String authorization) {}

  private static final Metadata.Key<String> BROKER_URL =
      Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel upstream;
  private final String upstreamUrl;
  private final Server server;
  private final List<SeenCall> calls = new CopyOnWriteArrayList<>();
  private final String url;

  RecordingGrpcProxy(String upstreamUrl, SslContext serverTls) throws IOException {
    this.upstreamUrl = upstreamUrl;
    java.net.URI u = java.net.URI.create(upstreamUrl);
    this.upstream = NettyChannelBuilder.forAddress(u.getHost(), u.getPort()).usePlaintext().build();
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .intercept(new RecordingInterceptor())
            .addService(new Discovery())
            .fallbackHandlerRegistry(new Forwarding());
    if (serverTls != null) {
      b.sslContext(serverTls);
    }
    this.server = b.build().start();
    this.url = (serverTls == null ? "http" : "https") + "://127.0.0.1:" + server.getPort();
  }

  String url() {
    return url;
  }

  List<SeenCall> calls() {
    return List.copyOf(calls);
  }

  private final class RecordingInterceptor implements io.grpc.ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String method = call.getMethodDescriptor().getFullMethodName();
      calls.add(new SeenCall(method, headers.get(BROKER_URL), headers.get(AUTHORIZATION)));
      return next.startCall(call, headers);
    }
  }

  private final class Discovery extends DiscoveryGrpc.DiscoveryImplBase {
    @Override
    public void topicLookup(TopicLookupRequest req, StreamObserver<TopicLookupResponse> out) {
      out.onNext(
          TopicLookupResponse.newBuilder()
              .setRequestId(req.getRequestId())
              .setResponseType(TopicLookupResponse.LookupType.Connect)
              .setConnectUrl(url)
              .setBrokerUrl(upstreamUrl)
              .setProxy(true)
              .build());
      out.onCompleted();
    }

    @Override
    public void topicPartitions(
        TopicLookupRequest req, StreamObserver<TopicPartitionsResponse> out) {
      try {
        out.onNext(DiscoveryGrpc.newBlockingStub(upstream).topicPartitions(req));
        out.onCompleted();
      } catch (RuntimeException e) {
        out.onError(e);
      }
    }
  }

  private final class Forwarding extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<byte[], byte[]> desc =
          RawBytesMarshaller.method(MethodDescriptor.MethodType.UNKNOWN, methodName);
      return ServerMethodDefinition.create(desc, this::forward);
    }

    private ServerCall.Listener<byte[]> forward(
        ServerCall<byte[], byte[]> serverCall, Metadata headers) {
      ClientCall<byte[], byte[]> clientCall =
          upstream.newCall(serverCall.getMethodDescriptor(), CallOptions.DEFAULT);
      clientCall.start(
          new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata h) {
              serverCall.sendHeaders(h);
            }

            @Override
            public void onMessage(byte[] message) {
              serverCall.sendMessage(message);
              clientCall.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              serverCall.close(status, trailers);
            }
          },
          headers);
      clientCall.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          clientCall.sendMessage(message);
          serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
          clientCall.halfClose();
        }

        @Override
        public void onCancel() {
          clientCall.cancel("proxy: downstream cancelled", null);
        }
      };
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    upstream.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      upstream.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
