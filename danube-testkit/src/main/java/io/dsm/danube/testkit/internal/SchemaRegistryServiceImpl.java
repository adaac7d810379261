/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

import com.google.protobuf.ByteString;
import io.dsm.danube.proto.schema.CheckCompatibilityRequest;
import io.dsm.danube.proto.schema.CheckCompatibilityResponse;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaRequest;
import io.dsm.danube.proto.schema.ConfigureTopicSchemaResponse;
import io.dsm.danube.proto.schema.DeleteSchemaVersionRequest;
import io.dsm.danube.proto.schema.DeleteSchemaVersionResponse;
import io.dsm.danube.proto.schema.GetLatestSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaResponse;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigRequest;
import io.dsm.danube.proto.schema.GetTopicSchemaConfigResponse;
import io.dsm.danube.proto.schema.ListSubjectsRequest;
import io.dsm.danube.proto.schema.ListSubjectsResponse;
import io.dsm.danube.proto.schema.ListVersionsRequest;
import io.dsm.danube.proto.schema.ListVersionsResponse;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.RegisterSchemaResponse;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.dsm.danube.proto.schema.SchemaVersionInfo;
import io.dsm.danube.proto.schema.SetCompatibilityModeRequest;
import io.dsm.danube.proto.schema.SetCompatibilityModeResponse;
import io.dsm.danube.proto.schema.SubjectSummary;
import io.dsm.danube.proto.schema.UpdateTopicValidationPolicyRequest;
import io.dsm.danube.proto.schema.UpdateTopicValidationPolicyResponse;
import io.dsm.danube.testkit.ValidationPolicy;
import io.dsm.danube.testkit.internal.SchemaStore.CompatibilityMode;
import io.dsm.danube.testkit.internal.SchemaStore.SchemaException;
import io.dsm.danube.testkit.internal.SchemaStore.Subject;
import io.dsm.danube.testkit.internal.SchemaStore.Version;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code danube_schema.SchemaRegistry} over a {@link SchemaStore} (protocol sections 1.4 and 8),
 * served on both ports of a broker. Status codes and texts are Danube's; errors carry no details.
 * The three topic-schema RPCs act on topics this broker owns, as Danube's act on its local topic
 * registry.
 */
public final class SchemaRegistryServiceImpl extends SchemaRegistryGrpc.SchemaRegistryImplBase {
  private final SchemaStore store;
  private final ClusterState cluster;
  private final int node;

  /** A registry that serves no topics (the topic-schema RPCs answer NOT_FOUND). */
  public SchemaRegistryServiceImpl(SchemaStore store) {
    this(store, null, -1);
  }

  SchemaRegistryServiceImpl(SchemaStore store, ClusterState cluster, int node) {
    this.store = Objects.requireNonNull(store, "store");
    this.cluster = cluster;
    this.node = node;
  }

  /** The topic if this broker owns it, as Danube's "local topic registry" lookup. */
  private TopicState localTopic(String name) {
    TopicState topic = cluster == null ? null : cluster.topic(name);
    return topic != null && topic.owner() == node ? topic : null;
  }

  private static void topicNotHere(StreamObserver<?> out, String topic) {
    fail(out, Status.NOT_FOUND, "Topic '" + topic + "' not found on this broker");
  }

  private static Optional<ValidationPolicy> policy(StreamObserver<?> out, String text) {
    Optional<ValidationPolicy> policy = TopicSchemaContext.parsePolicy(text);
    if (policy.isEmpty()) {
      fail(
          out,
          Status.INVALID_ARGUMENT,
          "Invalid validation policy: '" + text + "'. Must be 'none', 'warn', or 'enforce'");
    }
    return policy;
  }

  @Override
  public void registerSchema(
      RegisterSchemaRequest req, StreamObserver<RegisterSchemaResponse> out) {
    SchemaStore.Registration r;
    try {
      r =
          store.register(
              req.getSubject(),
              req.getSchemaType(),
              req.getSchemaDefinition().toByteArray(),
              req.getDescription(),
              req.getCreatedBy(),
              req.getTagsList());
    } catch (SchemaException e) {
      fail(out, Status.INTERNAL, "Failed to register schema: " + e.getMessage());
      return;
    }
    reply(
        out,
        RegisterSchemaResponse.newBuilder()
            .setSchemaId(r.schemaId())
            .setVersion(r.version())
            .setIsNewVersion(r.isNewVersion())
            .setFingerprint(r.fingerprint())
            .build());
  }

  @Override
  public void getSchema(GetSchemaRequest req, StreamObserver<GetSchemaResponse> out) {
    Optional<Subject> subject = store.subjectById(req.getSchemaId());
    Optional<Version> version =
        subject.flatMap(s -> req.hasVersion() ? s.version(req.getVersion()) : s.latest());
    if (version.isEmpty()) {
      fail(
          out,
          Status.NOT_FOUND,
          "Schema not found for ID: " + Long.toUnsignedString(req.getSchemaId()));
      return;
    }
    reply(out, describe(subject.get(), version.get()));
  }

  @Override
  public void getLatestSchema(GetLatestSchemaRequest req, StreamObserver<GetSchemaResponse> out) {
    Optional<Subject> subject = store.subject(req.getSubject());
    Optional<Version> latest = subject.flatMap(Subject::latest);
    if (latest.isEmpty()) {
      fail(out, Status.NOT_FOUND, "Schema not found for subject: " + req.getSubject());
      return;
    }
    reply(out, describe(subject.get(), latest.get()));
  }

  @Override
  public void listVersions(ListVersionsRequest req, StreamObserver<ListVersionsResponse> out) {
    Optional<Subject> subject = store.subject(req.getSubject());
    if (subject.isEmpty()) {
      fail(out, Status.NOT_FOUND, "Subject not found: " + req.getSubject());
      return;
    }
    ListVersionsResponse.Builder response = ListVersionsResponse.newBuilder();
    for (Version v : subject.get().versions()) {
      response.addVersions(
          SchemaVersionInfo.newBuilder()
              .setVersion(v.version())
              .setCreatedAt(v.createdAtSeconds())
              .setCreatedBy(v.createdBy())
              .setDescription(v.description())
              .setFingerprint(v.fingerprint())
              .setSchemaId(subject.get().schemaId()));
    }
    reply(out, response.build());
  }

  @Override
  public void checkCompatibility(
      CheckCompatibilityRequest req, StreamObserver<CheckCompatibilityResponse> out) {
    // Like Danube, an unknown mode override silently falls back to the subject's own mode.
    Optional<CompatibilityMode> mode =
        req.hasCompatibilityMode()
            ? CompatibilityMode.parse(req.getCompatibilityMode())
            : Optional.empty();
    SchemaStore.Compatibility result;
    try {
      result =
          store.checkCompatibility(
              req.getSubject(),
              req.getSchemaType(),
              req.getNewSchemaDefinition().toByteArray(),
              mode);
    } catch (SchemaException e) {
      fail(out, Status.INTERNAL, "Failed to check compatibility: " + e.getMessage());
      return;
    }
    reply(
        out,
        CheckCompatibilityResponse.newBuilder()
            .setIsCompatible(result.compatible())
            .addAllErrors(result.errors())
            .build());
  }

  @Override
  public void setCompatibilityMode(
      SetCompatibilityModeRequest req, StreamObserver<SetCompatibilityModeResponse> out) {
    Optional<CompatibilityMode> mode = CompatibilityMode.parse(req.getCompatibilityMode());
    if (mode.isEmpty()) {
      fail(
          out,
          Status.INVALID_ARGUMENT,
          "Invalid compatibility mode: " + req.getCompatibilityMode());
      return;
    }
    try {
      store.setCompatibilityMode(req.getSubject(), mode.get());
    } catch (SchemaException e) {
      fail(out, Status.INTERNAL, "Failed to set compatibility mode: " + e.getMessage());
      return;
    }
    reply(
        out,
        SetCompatibilityModeResponse.newBuilder()
            .setSuccess(true)
            .setMessage(
                "Set compatibility mode to "
                    + req.getCompatibilityMode()
                    + " for subject "
                    + req.getSubject())
            .build());
  }

  @Override
  public void deleteSchemaVersion(
      DeleteSchemaVersionRequest req, StreamObserver<DeleteSchemaVersionResponse> out) {
    try {
      store.deleteVersion(req.getSubject(), req.getVersion());
    } catch (SchemaException e) {
      fail(out, Status.INTERNAL, "Failed to delete schema version: " + e.getMessage());
      return;
    }
    reply(
        out,
        DeleteSchemaVersionResponse.newBuilder()
            .setSuccess(true)
            .setMessage("Deleted version " + req.getVersion() + " for subject " + req.getSubject())
            .build());
  }

  @Override
  public void listSubjects(ListSubjectsRequest req, StreamObserver<ListSubjectsResponse> out) {
    ListSubjectsResponse.Builder response = ListSubjectsResponse.newBuilder();
    for (Subject s : store.subjects()) {
      Optional<Version> latest = s.latest();
      SubjectSummary.Builder summary =
          SubjectSummary.newBuilder()
              .setSubject(s.name())
              .setCompatibilityMode(s.mode().wireName())
              .setSchemaId(s.schemaId());
      latest.ifPresent(
          v ->
              summary
                  .setSchemaType(v.kind().wireName())
                  .setLatestVersion(v.version())
                  .addAllTags(v.tags()));
      response.addSubjects(summary);
    }
    reply(out, response.build());
  }

  @Override
  public void configureTopicSchema(
      ConfigureTopicSchemaRequest req, StreamObserver<ConfigureTopicSchemaResponse> out) {
    Optional<ValidationPolicy> policy = policy(out, req.getValidationPolicy());
    if (policy.isEmpty()) {
      return;
    }
    String subject = req.getSchemaSubject();
    if (!store.subjectExists(subject)) {
      fail(
          out,
          Status.NOT_FOUND,
          "Schema subject '"
              + subject
              + "' not found in registry: Schema metadata not found for subject: "
              + subject);
      return;
    }
    TopicState topic = localTopic(req.getTopicName());
    if (topic == null) {
      topicNotHere(out, req.getTopicName());
      return;
    }
    topic.configureSchema(subject, policy.get(), req.getEnablePayloadValidation());
    reply(
        out,
        ConfigureTopicSchemaResponse.newBuilder()
            .setSuccess(true)
            .setMessage(
                "Topic '"
                    + req.getTopicName()
                    + "' configured with schema '"
                    + subject
                    + "', validation policy '"
                    + TopicSchemaContext.debugName(policy.get())
                    + "', payload validation "
                    + (req.getEnablePayloadValidation() ? "enabled" : "disabled"))
            .build());
  }

  @Override
  public void updateTopicValidationPolicy(
      UpdateTopicValidationPolicyRequest req,
      StreamObserver<UpdateTopicValidationPolicyResponse> out) {
    Optional<ValidationPolicy> policy = policy(out, req.getValidationPolicy());
    if (policy.isEmpty()) {
      return;
    }
    TopicState topic = localTopic(req.getTopicName());
    if (topic == null) {
      topicNotHere(out, req.getTopicName());
      return;
    }
    if (!topic.updateValidationPolicy(policy.get(), req.getEnablePayloadValidation())) {
      fail(
          out,
          Status.FAILED_PRECONDITION,
          "Topic '"
              + req.getTopicName()
              + "' has no schema subject configured. Use ConfigureTopicSchema first.");
      return;
    }
    reply(
        out,
        UpdateTopicValidationPolicyResponse.newBuilder()
            .setSuccess(true)
            .setMessage(
                "Validation policy updated to '"
                    + TopicSchemaContext.debugName(policy.get())
                    + "', payload validation "
                    + (req.getEnablePayloadValidation() ? "enabled" : "disabled"))
            .build());
  }

  /**
   * Always reports {@code schema_id} 0: Danube v0.15.1 reads the id from a metadata field named
   * {@code schema_id}, but stores it as {@code id} (protocol section 11, question 13).
   */
  @Override
  public void getTopicSchemaConfig(
      GetTopicSchemaConfigRequest req, StreamObserver<GetTopicSchemaConfigResponse> out) {
    TopicState topic = localTopic(req.getTopicName());
    if (topic == null) {
      topicNotHere(out, req.getTopicName());
      return;
    }
    String subject = topic.schemaSubject();
    reply(
        out,
        GetTopicSchemaConfigResponse.newBuilder()
            .setSchemaSubject(subject == null ? "" : subject)
            .setValidationPolicy(topic.validationPolicy().name().toLowerCase(Locale.ROOT))
            .setEnablePayloadValidation(topic.payloadValidation())
            .setSchemaId(0)
            .build());
  }

  private static GetSchemaResponse describe(Subject subject, Version version) {
    return GetSchemaResponse.newBuilder()
        .setSchemaId(subject.schemaId())
        .setVersion(version.version())
        .setSubject(subject.name())
        .setSchemaType(version.kind().wireName())
        .setSchemaDefinition(ByteString.copyFrom(version.wrappedDefinition()))
        .setDescription(version.description())
        .setCreatedAt(version.createdAtSeconds())
        .setCreatedBy(version.createdBy())
        .addAllTags(version.tags())
        .setFingerprint(version.fingerprint())
        .setCompatibilityMode(subject.mode().wireName())
        .build();
  }

  private static <T> void reply(StreamObserver<T> out, T response) {
    out.onNext(response);
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, Status status, String description) {
    out.onError(status.withDescription(description).asRuntimeException());
  }
}
