/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.MessageResponse;
import io.dsm.danube.proto.ProducerRequest;
import io.dsm.danube.proto.ProducerResponse;
import io.dsm.danube.proto.ProducerServiceGrpc;
import io.dsm.danube.proto.StreamMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** {@code danube.ProducerService} of one broker (protocol sections 2.2, 4.4). */
public final class ProducerServiceImpl extends ProducerServiceGrpc.ProducerServiceImplBase {
  private final ClusterState cluster;
  private final int node;

  public ProducerServiceImpl(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public void createProducer(ProducerRequest req, StreamObserver<ProducerResponse> out) {
    String name = req.getTopicName();
    Status fault = cluster.faults().takeCreateFailure(name);
    if (fault != null) {
      out.onError(fault.asRuntimeException());
      return;
    }
    try {
      if (!TopicNames.isValid(name)) {
        throw Statuses.invalidTopic(name);
      }
      TopicState topic = cluster.topic(name);
      boolean justCreated = false;
      if (topic == null) {
        if (!cluster.settings().autoCreateTopics()) {
          throw Statuses.topicNotFound(name);
        }
        topic = cluster.createTopic(name, req.getDispatchStrategyValue(), node);
        if (!cluster.settings().standalone()) {
          throw Statuses.metadataCreated();
        }
        justCreated = true;
      }
      ProducerEntry p = topic.registerProducer(req, node, justCreated);
      out.onNext(
          ProducerResponse.newBuilder()
              .setRequestId(req.getRequestId())
              .setProducerId(p.id())
              .setProducerName(p.name())
              .build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void sendMessage(StreamMessage msg, StreamObserver<MessageResponse> out) {
    long arrival = System.nanoTime();
    FaultState faults = cluster.faults();
    Status fault = faults.takeSendFailure(msg.getMsgId().getTopicName());
    if (fault != null) {
      out.onError(fault.asRuntimeException());
      return;
    }
    faults.arrive(() -> process(msg, arrival, out));
  }

  private void process(StreamMessage msg, long arrival, StreamObserver<MessageResponse> out) {
    try {
      publish(msg, arrival);
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    MessageResponse response =
        MessageResponse.newBuilder().setRequestId(msg.getRequestId()).build();
    cluster
        .faults()
        .answer(
            () -> {
              try {
                out.onNext(response);
                out.onCompleted();
              } catch (RuntimeException ignored) {
                // The client cancelled while the answer was held or delayed.
              }
            });
  }

  private void publish(StreamMessage msg, long arrival) {
    long producerId = msg.getMsgId().getProducerId();
    ProducerEntry p = cluster.producer(producerId);
    if (p == null || p.node() != node) {
      throw Statuses.of(
          Status.Code.NOT_FOUND,
          "The producer with id " + Statuses.id(producerId) + " does not exist");
    }
    String topicName = msg.getMsgId().getTopicName();
    TopicState topic = cluster.topic(topicName);
    if (topic == null) {
      throw Statuses.of(
          Status.Code.PERMISSION_DENIED,
          "Unable to publish the message: Topic " + topicName + " not found in registry");
    }
    long max = topic.maxMessageSize();
    int size = msg.getPayload().size();
    if (max > 0 && size > max && topic.owner() == node) {
      throw Statuses.of(
          Status.Code.INVALID_ARGUMENT,
          "Message size " + size + " exceeds maximum allowed " + max + " for topic " + topicName);
    }
    topic.publish(msg, node, arrival);
  }
}
