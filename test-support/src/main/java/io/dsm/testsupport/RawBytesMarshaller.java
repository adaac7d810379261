/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A gRPC marshaller that leaves messages as raw bytes, for tests that forward or echo calls without
 * knowing their protobuf types. Needs grpc-api on the test classpath (an optional dependency here).
 */
public final class RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  public static final RawBytesMarshaller INSTANCE = new RawBytesMarshaller();

  private RawBytesMarshaller() {}

  /** A method of the given type and full name whose requests and responses are raw bytes. */
  public static MethodDescriptor<byte[], byte[]> method(
      MethodDescriptor.MethodType type, String fullMethodName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(INSTANCE)
        .setResponseMarshaller(INSTANCE)
        .build();
  }

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw Status.INTERNAL.withCause(e).asRuntimeException();
    }
  }
}
