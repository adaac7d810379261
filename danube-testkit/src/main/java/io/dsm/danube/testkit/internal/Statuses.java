/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The broker's error texts, in one place so that tests and code cannot drift apart. */
final class Statuses {
  private Statuses() {}

  static String id(long u64) {
    return Long.toUnsignedString(u64);
  }

  static StatusRuntimeException invalidTopic(String topic) {
    return Status.INVALID_ARGUMENT
        .withDescription(TopicNames.invalidFormatMessage(topic))
        .asRuntimeException();
  }

  static StatusRuntimeException topicNotFound(String topic) {
    return Status.NOT_FOUND
        .withDescription("Unable to find the topic: " + topic)
        .asRuntimeException();
  }

  static StatusRuntimeException servedElsewhere() {
    return Status.UNAVAILABLE
        .withDescription(
            "The topic exists but is served by another broker, redo the Lookup request")
        .asRuntimeException();
  }

  static StatusRuntimeException metadataCreated() {
    return Status.UNAVAILABLE
        .withDescription(
            "The topic metadata was created, need to redo the lookup to find the correct broker")
        .asRuntimeException();
  }

  static StatusRuntimeException of(Status.Code code, String description) {
    return Status.fromCode(code).withDescription(description).asRuntimeException();
  }
}
