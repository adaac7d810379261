/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.admin.BrokerAdminGrpc;
import io.dsm.danube.proto.admin.Empty;
import io.dsm.danube.proto.admin.NamespaceAdminGrpc;
import io.dsm.danube.proto.admin.NamespaceListResponse;
import io.dsm.danube.proto.admin.NamespaceRequest;
import io.dsm.danube.proto.admin.NamespaceResponse;
import io.dsm.danube.proto.admin.PolicyResponse;
import io.dsm.danube.proto.admin.TopicListResponse;
import io.dsm.danube.testkit.internal.NamespaceMetadata.NamespaceException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * {@code danube_admin.NamespaceAdmin} (and, from {@link #brokerAdmin}, {@code BrokerAdmin}) on a
 * broker's admin port. As in Danube v0.15.1, names are not validated, every failure is NOT_FOUND
 * with Danube's text (creating an existing namespace too), and a successful call answers {@code
 * success = true}; there is no {@code success = false} answer.
 */
final class NamespaceAdminServiceImpl extends NamespaceAdminGrpc.NamespaceAdminImplBase {
  private final NamespaceMetadata namespaces;

  NamespaceAdminServiceImpl(NamespaceMetadata namespaces) {
    this.namespaces = namespaces;
  }

  /**
   * {@code danube_admin.BrokerAdmin} on the same metadata: ListNamespaces only; Danube's other
   * BrokerAdmin RPCs are not declared and answer UNIMPLEMENTED.
   */
  BrokerAdminGrpc.BrokerAdminImplBase brokerAdmin() {
    return new BrokerAdminGrpc.BrokerAdminImplBase() {
      /** One entry per metadata key, so a namespace repeats once per topic it holds (as Danube). */
      @Override
      public void listNamespaces(Empty req, StreamObserver<NamespaceListResponse> out) {
        out.onNext(
            NamespaceListResponse.newBuilder().addAllNamespaces(namespaces.listing()).build());
        out.onCompleted();
      }
    };
  }

  @Override
  public void getNamespaceTopics(NamespaceRequest req, StreamObserver<TopicListResponse> out) {
    out.onNext(
        TopicListResponse.newBuilder().addAllTopics(namespaces.topicsOf(req.getName())).build());
    out.onCompleted();
  }

  @Override
  public void getNamespacePolicies(NamespaceRequest req, StreamObserver<PolicyResponse> out) {
    String json;
    try {
      json = namespaces.policies(req.getName()).toJson();
    } catch (NamespaceException e) {
      fail(out, "Unable to retrieve polices for the namespace " + req.getName(), e);
      return;
    }
    out.onNext(PolicyResponse.newBuilder().setPolicies(json).build());
    out.onCompleted();
  }

  @Override
  public void createNamespace(NamespaceRequest req, StreamObserver<NamespaceResponse> out) {
    try {
      namespaces.create(req.getName());
    } catch (NamespaceException e) {
      fail(out, "Unable to create the namespace " + req.getName(), e);
      return;
    }
    succeed(out);
  }

  @Override
  public void deleteNamespace(NamespaceRequest req, StreamObserver<NamespaceResponse> out) {
    try {
      namespaces.delete(req.getName());
    } catch (NamespaceException e) {
      fail(out, "Unable to delete the namespace " + req.getName(), e);
      return;
    }
    succeed(out);
  }

  private static void succeed(StreamObserver<NamespaceResponse> out) {
    out.onNext(NamespaceResponse.newBuilder().setSuccess(true).build());
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, String what, NamespaceException e) {
    out.onError(
        Status.NOT_FOUND.withDescription(what + " due to " + e.getMessage()).asRuntimeException());
  }
}
