/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.proto.DiscoveryGrpc;
import io.dsm.danube.proto.TopicLookupRequest;
import io.dsm.danube.proto.TopicLookupResponse;
import io.dsm.danube.proto.TopicPartitionsResponse;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery calls, always sent to the service URL. A lookup never fails: Connect and Redirect give
 * the broker to use; NOT_FOUND (how Danube answers for a topic that does not exist yet), {@code
 * Failed} or any other error give the service URL itself, where CreateProducer then auto-creates
 * the topic.
 */
final class TopicLookup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicLookup.class);

  private final Channel serviceChannel;
  private final BrokerAddress serviceAddress;
  private final long timeoutMillis;
  private final AtomicLong requestIds = new AtomicLong();

  TopicLookup(Channel serviceChannel, BrokerAddress serviceAddress, long timeoutMillis) {
    this.serviceChannel = serviceChannel;
    this.serviceAddress = serviceAddress;
    this.timeoutMillis = timeoutMillis;
  }

  CompletableFuture<BrokerAddress> lookup(String topic) {
    TopicLookupRequest req =
        TopicLookupRequest.newBuilder()
            .setRequestId(requestIds.incrementAndGet())
            .setTopic(topic)
            .build();
    return Calls.unary(stub()::topicLookup, req)
        .handle(
            (resp, err) -> {
              if (err != null) {
                LOG.debug(
                    "TopicLookup for {} failed ({}); using the service URL {}",
                    topic,
                    StatusMapper.brief(err),
                    serviceAddress.connectUrl());
                return serviceAddress;
              }
              return toAddress(topic, resp);
            });
  }

  private BrokerAddress toAddress(String topic, TopicLookupResponse resp) {
    switch (resp.getResponseType()) {
      case Connect:
      case Redirect:
        if (resp.getConnectUrl().isEmpty()) {
          return serviceAddress;
        }
        String broker = resp.getBrokerUrl().isEmpty() ? resp.getConnectUrl() : resp.getBrokerUrl();
        return new BrokerAddress(resp.getConnectUrl(), broker, resp.getProxy());
      default:
        LOG.debug("TopicLookup for {} answered {}; using the service URL", topic, resp);
        return serviceAddress;
    }
  }

  /** The broker's prefix search; empty when nothing matches. Errors are returned as is. */
  CompletableFuture<List<String>> partitions(String topic) {
    TopicLookupRequest req =
        TopicLookupRequest.newBuilder()
            .setRequestId(requestIds.incrementAndGet())
            .setTopic(topic)
            .build();
    return Calls.unary(stub()::topicPartitions, req)
        .thenApply(TopicPartitionsResponse::getPartitionsList)
        .thenApply(List::copyOf);
  }

  private DiscoveryGrpc.DiscoveryStub stub() {
    return DiscoveryGrpc.newStub(serviceChannel)
        .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
