/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.dsm.danube.proto.AckRequest;
import io.dsm.danube.proto.AckResponse;
import io.dsm.danube.proto.ConsumerRequest;
import io.dsm.danube.proto.ConsumerResponse;
import io.dsm.danube.proto.ConsumerServiceGrpc;
import io.dsm.danube.proto.NackRequest;
import io.dsm.danube.proto.NackResponse;
import io.dsm.danube.proto.ReceiveRequest;
import io.dsm.danube.proto.StreamMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** {@code danube.ConsumerService} of one broker (protocol section 6). */
public final class ConsumerServiceImpl extends ConsumerServiceGrpc.ConsumerServiceImplBase {
  private final ClusterState cluster;
  private final int node;

  public ConsumerServiceImpl(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  @Override
  public void subscribe(ConsumerRequest req, StreamObserver<ConsumerResponse> out) {
    String name = req.getTopicName();
    try {
      if (!TopicNames.isValid(name)) {
        throw Statuses.invalidTopic(name);
      }
      TopicState topic = cluster.topic(name);
      if (topic == null) {
        throw Statuses.topicNotFound(name);
      }
      ConsumerEntry c = topic.subscribe(req, node);
      out.onNext(
          ConsumerResponse.newBuilder()
              .setRequestId(req.getRequestId())
              .setConsumerId(c.id)
              .setConsumerName(c.name)
              .build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void receiveMessages(ReceiveRequest req, StreamObserver<StreamMessage> out) {
    ConsumerEntry c = cluster.consumer(req.getConsumerId());
    if (c == null || c.node != node) {
      out.onError(
          Statuses.of(
              Status.Code.NOT_FOUND,
              "The consumer with the id " + Statuses.id(req.getConsumerId()) + " does not exist"));
      return;
    }
    ServerCallStreamObserver<StreamMessage> stream = (ServerCallStreamObserver<StreamMessage>) out;
    TopicState topic = c.subscription.topic;
    stream.setOnCancelHandler(() -> topic.streamClosed(c, stream));
    stream.setOnReadyHandler(() -> topic.onReady(c, stream));
    topic.attachStream(c, stream);
  }

  @Override
  public void ack(AckRequest req, StreamObserver<AckResponse> out) {
    String prefix = "Error acknowledging message: ";
    String error =
        settle(
            req.getMsgId().getTopicName(),
            req.getSubscriptionName(),
            prefix,
            false,
            req.getMsgId().getTopicOffset(),
            0);
    if (error != null) {
      out.onError(Statuses.of(Status.Code.INTERNAL, error));
      return;
    }
    out.onNext(AckResponse.newBuilder().setRequestId(req.getRequestId()).build());
    out.onCompleted();
  }

  @Override
  public void nack(NackRequest req, StreamObserver<NackResponse> out) {
    String prefix = "Error negatively acknowledging message: ";
    long delay = req.hasDelayMs() ? req.getDelayMs() : 0;
    String error =
        settle(
            req.getMsgId().getTopicName(),
            req.getSubscriptionName(),
            prefix,
            true,
            req.getMsgId().getTopicOffset(),
            delay);
    if (error != null) {
      out.onError(Statuses.of(Status.Code.INTERNAL, error));
      return;
    }
    out.onNext(NackResponse.newBuilder().setRequestId(req.getRequestId()).build());
    out.onCompleted();
  }

  /** Returns the INTERNAL error text, or null when the (n)ack was accepted. */
  private String settle(
      String topicName,
      String subscription,
      String prefix,
      boolean negative,
      long offset,
      long delayMs) {
    TopicState topic = cluster.topic(topicName);
    if (topic == null || topic.owner() != node) {
      return prefix + "Topic " + topicName + " not found in registry";
    }
    boolean known =
        negative ? topic.nack(subscription, offset, delayMs) : topic.ack(subscription, offset);
    return known ? null : prefix + "Subscription not found";
  }
}
