/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application's two Netty copies both run on native epoll on Linux: the MQTT client's (the
 * native library this module adds, which must match the Netty version exactly or Netty silently
 * falls back to NIO) and grpc's shaded one. Epoll measured about 6 % less connector CPU per message
 * than NIO (docs/PERFORMANCE.md).
 */
@EnabledOnOs(
    value = OS.LINUX,
    architectures = {"amd64", "x86_64", "aarch64"})
class NativeTransportTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.netty.channel.epoll.Epoll",
        "io.grpc.netty.shaded.io.netty.channel.epoll.Epoll"
      })
  void epollIsAvailableToBothNettyCopies(String epollClass) throws Exception {
    Class<?> epoll = Class.forName(epollClass);
    boolean available = (boolean) epoll.getMethod("isAvailable").invoke(null);
    Throwable cause = (Throwable) epoll.getMethod("unavailabilityCause").invoke(null);

    assertThat(available)
        .as("%s unavailable: %s", epollClass, cause == null ? "-" : cause.toString())
        .isTrue();
  }
}
