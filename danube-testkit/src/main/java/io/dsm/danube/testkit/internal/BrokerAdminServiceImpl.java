/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceListResponse;
import io.grpc.stub.StreamObserver;

/**
 * {@code danube_admin.BrokerAdmin} on a broker's admin port: ListNamespaces only; Danube's other
 * BrokerAdmin RPCs are not declared and answer UNIMPLEMENTED.
 */
final class BrokerAdminServiceImpl extends BrokerAdminGrpc.BrokerAdminImplBase {
  private final NamespaceMetadata namespaces;

  BrokerAdminServiceImpl(NamespaceMetadata namespaces) {
    this.namespaces = namespaces;
  }

  /** One entry per metadata key, so a namespace repeats once per topic it holds (as Danube). */
  @Override
  public void listNamespaces(Empty req, StreamObserver<NamespaceListResponse> out) {
    out.onNext(NamespaceListResponse.newBuilder().addAllNamespaces(namespaces.listing()).build());
    out.onCompleted();
  }
}
