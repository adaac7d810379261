/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.DiscoveryGrpc;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.dsm.danube.proto.TopicPartitionsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** {@code danube.Discovery} of one broker (protocol sections 2.1, 3.4). Never creates topics. */
public final class DiscoveryServiceImpl extends DiscoveryGrpc.DiscoveryImplBase {
  private final ClusterState cluster;
  private final int node;

  public DiscoveryServiceImpl(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public void topicLookup(TopicLookupRequest req, StreamObserver<TopicLookupResponse> out) {
    String name = req.getTopic();
    Status fault = cluster.faults().takeLookupFailure(name);
    if (fault != null) {
      out.onError(fault.asRuntimeException());
      return;
    }
    if (!TopicNames.isValid(name)) {
      out.onError(Statuses.invalidTopic(name));
      return;
    }
    TopicState topic = cluster.topic(name);
    if (topic == null) {
      out.onError(
          Statuses.of(Status.Code.NOT_FOUND, "Unable to find the requested topic: " + name));
      return;
    }
    int owner = topic.owner();
    NodeAddress address = cluster.address(owner);
    out.onNext(
        TopicLookupResponse.newBuilder()
            .setRequestId(req.getRequestId())
            .setResponseType(
                owner == node
                    ? TopicLookupResponse.LookupType.Connect
                    : TopicLookupResponse.LookupType.Redirect)
            .setConnectUrl(address.connectUrl())
            .setBrokerUrl(address.brokerUrl())
            .setProxy(false)
            .build());
    out.onCompleted();
  }

  @Override
  public void topicPartitions(TopicLookupRequest req, StreamObserver<TopicPartitionsResponse> out) {
    String name = req.getTopic();
    if (!TopicNames.isValid(name)) {
      out.onError(Statuses.invalidTopic(name));
      return;
    }
    out.onNext(
        TopicPartitionsResponse.newBuilder()
            .setRequestId(req.getRequestId())
            .addAllPartitions(cluster.partitions(name))
            .build());
    out.onCompleted();
  }
}
