/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client.internal;

import io.dsm.danube.client.SchemaInfo;
import io.dsm.danube.client.SchemaRegistryClient;
import io.dsm.danube.proto.schema.GetLatestSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaRequest;
import io.dsm.danube.proto.schema.GetSchemaResponse;
import io.dsm.danube.proto.schema.RegisterSchemaRequest;
import io.dsm.danube.proto.schema.SchemaRegistryGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Schema-registry calls; always on the service URL, with deadline and retries. */
final class DefaultSchemaRegistryClient implements SchemaRegistryClient {
  private final ClientContext ctx;

  DefaultSchemaRegistryClient(ClientContext ctx) {
    this.ctx = ctx;
  }

  private SchemaRegistryGrpc.SchemaRegistryStub stub() {
    return SchemaRegistryGrpc.newStub(ctx.channels().channel(ctx.serviceAddress()))
        .withDeadlineAfter(ctx.rpcTimeoutMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<SchemaInfo> registerJsonSchema(String subject, String jsonSchema) {
    return ctx.onCallbackThread(registerInternal(subject, jsonSchema));
  }

  @Override
  public CompletableFuture<SchemaInfo> register(
      String subject, String schemaType, String definition) {
    return ctx.onCallbackThread(registerInternal(subject, schemaType, definition));
  }

  CompletableFuture<SchemaInfo> registerInternal(String subject, String jsonSchema) {
    return registerInternal(subject, "json_schema", jsonSchema);
  }

  CompletableFuture<SchemaInfo> registerInternal(String subject, String schemaType, String text) {
    byte[] definition = text.getBytes(StandardCharsets.UTF_8);
    RegisterSchemaRequest req =
        RegisterSchemaRequest.newBuilder()
            .setSubject(subject)
            .setSchemaType(schemaType)
            .setSchemaDefinition(com.google.protobuf.ByteString.copyFrom(definition))
            .setCreatedBy("danube-source-mqtt")
            .build();
    return ctx.withRetries(
        "RegisterSchema",
        "subject " + subject,
        () ->
            Calls.unary(stub()::registerSchema, req)
                .thenApply(
                    r ->
                        new SchemaInfo(
                            r.getSchemaId(),
                            r.getVersion(),
                            subject,
                            schemaType,
                            definition,
                            r.getFingerprint(),
                            r.getIsNewVersion())));
  }

  @Override
  public CompletableFuture<Optional<SchemaInfo>> latest(String subject) {
    return ctx.onCallbackThread(latestInternal(subject));
  }

  CompletableFuture<Optional<SchemaInfo>> latestInternal(String subject) {
    GetLatestSchemaRequest req = GetLatestSchemaRequest.newBuilder().setSubject(subject).build();
    return ctx.withRetries(
        "GetLatestSchema",
        "subject " + subject,
        () ->
            Calls.unary(stub()::getLatestSchema, req)
                .handle(
                    (r, e) -> {
                      if (e == null) {
                        return Optional.of(toInfo(r));
                      }
                      Throwable t = StatusMapper.unwrap(e);
                      if (t instanceof StatusRuntimeException s
                          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                        return Optional.<SchemaInfo>empty();
                      }
                      throw new CompletionException(t);
                    }));
  }

  @Override
  public CompletableFuture<SchemaInfo> get(long schemaId, int version) {
    return ctx.onCallbackThread(getInternal(schemaId, version));
  }

  CompletableFuture<SchemaInfo> getInternal(long schemaId, int version) {
    GetSchemaRequest.Builder req = GetSchemaRequest.newBuilder().setSchemaId(schemaId);
    if (version > 0) {
      req.setVersion(version);
    }
    GetSchemaRequest built = req.build();
    return ctx.withRetries(
        "GetSchema",
        "schema id " + Long.toUnsignedString(schemaId),
        () -> Calls.unary(stub()::getSchema, built).thenApply(DefaultSchemaRegistryClient::toInfo));
  }

  private static SchemaInfo toInfo(GetSchemaResponse r) {
    return new SchemaInfo(
        r.getSchemaId(),
        r.getVersion(),
        r.getSubject(),
        r.getSchemaType(),
        r.getSchemaDefinition().toByteArray(),
        r.getFingerprint(),
        false);
  }
}
