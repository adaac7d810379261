/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.HealthCheckGrpc;
import io.dsm.danube.proto.HealthCheckRequest;
import io.dsm.danube.proto.HealthCheckResponse;
import io.dsm.danube.proto.HealthCheckResponse.ClientStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** {@code danube.HealthCheck} of one broker (protocol section 5): OK or CLOSE, never an error. */
public final class HealthCheckServiceImpl extends HealthCheckGrpc.HealthCheckImplBase {
  private final ClusterState cluster;
  private final int node;

  public HealthCheckServiceImpl(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public void healthCheck(HealthCheckRequest req, StreamObserver<HealthCheckResponse> out) {
    boolean ok;
    switch (req.getClientValue()) {
      case 0 -> {
        ProducerEntry p = cluster.producer(req.getId());
        ok = p != null && p.node() == node;
      }
      case 1 -> {
        ConsumerEntry c = cluster.consumer(req.getId());
        ok = c != null && c.node == node && c.active;
      }
      default -> {
        out.onError(Statuses.of(Status.Code.INVALID_ARGUMENT, "Invalid client type"));
        return;
      }
    }
    out.onNext(
        HealthCheckResponse.newBuilder()
            .setStatus(ok ? ClientStatus.OK : ClientStatus.CLOSE)
            .build());
    out.onCompleted();
  }
}
