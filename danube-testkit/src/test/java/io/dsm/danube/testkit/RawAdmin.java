/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: raw admin stubs over a real TCP channel to a broker's admin port. */
final class RawAdmin implements AutoCloseable {
  final ManagedChannel channel;
  final BrokerAdminGrpc.BrokerAdminBlockingStub brokers;
  final NamespaceAdminGrpc.NamespaceAdminBlockingStub namespaces;
  final SchemaRegistryGrpc.SchemaRegistryBlockingStub schemas;

  RawAdmin(String url) {
    URI uri = URI.create(url);
    channel =
        NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
            .usePlaintext()
            .directExecutor()
            .build();
    brokers = BrokerAdminGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    namespaces =
        NamespaceAdminGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    schemas = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static NamespaceRequest ns(String name) {
    return NamespaceRequest.newBuilder().setName(name).build();
  }

  List<String> listNamespaces() {
    return brokers.listNamespaces(Empty.getDefaultInstance()).getNamespacesList();
  }

  boolean createNamespace(String name) {
    return namespaces.createNamespace(ns(name)).getSuccess();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
