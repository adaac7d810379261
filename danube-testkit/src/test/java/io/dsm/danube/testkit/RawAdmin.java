/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import java.util.List;

/** Test helper: raw admin stubs over a real TCP channel to a broker's admin port. */
final class RawAdmin extends RawChannel {
  final BrokerAdminGrpc.BrokerAdminBlockingStub brokers =
      withDeadline(BrokerAdminGrpc.newBlockingStub(channel));
  final NamespaceAdminGrpc.NamespaceAdminBlockingStub namespaces =
      withDeadline(NamespaceAdminGrpc.newBlockingStub(channel));
  final SchemaRegistryGrpc.SchemaRegistryBlockingStub schemas =
      withDeadline(SchemaRegistryGrpc.newBlockingStub(channel));

  RawAdmin(String url) {
    super(url);
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
}
