/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsm.danube.proto.DispatchStrategy;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension: lifecycles, injection, fault reset. */
@Timeout(30)
class DanubeBrokerExtensionIT {

  @Nested
  @ExtendWith(DanubeBrokerExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClass {
    static InMemoryDanubeBroker staticField;
    InMemoryDanubeBroker field;

    @Test
    @Order(1)
    void injectsTheSameRunningBrokerIntoParametersAndFields(InMemoryDanubeBroker parameter)
        throws InterruptedException {
      assertThat(parameter).isSameAs(field).isSameAs(staticField);
      assertThat(parameter.serviceUrl()).startsWith("http://127.0.0.1:");
      assertThat(parameter.mode()).isEqualTo(InMemoryDanubeBroker.Mode.CLUSTER);
      try (RawClient client = new RawClient(parameter.serviceUrl())) {
        client.createProducer("/default/kept", "p", DispatchStrategy.NonReliable);
      }
      parameter.faults().failNextSends(5, Status.Code.UNAVAILABLE, "left over");
    }

    @Test
    @Order(2)
    void keepsStateAcrossTestsButResetsFaults(InMemoryDanubeBroker broker)
        throws InterruptedException {
      assertThat(broker.topics()).containsExactly("/default/kept");
      try (RawClient client = new RawClient(broker.serviceUrl())) {
        long id = client.createProducer("/default/kept", "p", DispatchStrategy.NonReliable);
        client.send("/default/kept", id, 1, "not failed");
      }
      assertThat(broker.topic("/default/kept").messageCount()).isEqualTo(1);
    }
  }

  @Nested
  class PerTest {
    @RegisterExtension
    final DanubeBrokerExtension danube =
        DanubeBrokerExtension.perTest(b -> b.mode(InMemoryDanubeBroker.Mode.STANDALONE));

    static final Set<String> URLS = new HashSet<>();
    InMemoryDanubeBroker broker;

    @Test
    void firstGetsAFreshBroker() {
      assertThat(broker.topics()).isEmpty();
      assertThat(URLS.add(broker.serviceUrl())).isTrue();
      broker.createNamespace("only-here");
    }

    @Test
    void secondGetsAnotherFreshBroker() {
      assertThat(broker.topics()).isEmpty();
      assertThat(broker.mode()).isEqualTo(InMemoryDanubeBroker.Mode.STANDALONE);
      assertThat(URLS.add(broker.serviceUrl())).isTrue();
    }
  }

  @Test
  void awaitMessagesNamesTheTopicWhenItTimesOut() {
    try (InMemoryDanubeBroker broker = InMemoryDanubeBroker.builder().start()) {
      assertThatThrownBy(
              () -> broker.topic("/default/none").awaitMessages(1, Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("/default/none");
    }
  }

  @Test
  void builderNamesTheBadSetting() {
    assertThatThrownBy(() -> InMemoryDanubeBroker.builder().port(70000))
        .hasMessageContaining("port")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> InMemoryDanubeBroker.builder().ackTimeout(Duration.ZERO))
        .hasMessageContaining("ackTimeout");
  }
}
