/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs an {@link InMemoryDanubeBroker} on a free loopback port, one per test
 * class (default) or one per test. The broker is injected into test and lifecycle method parameters
 * of type {@code InMemoryDanubeBroker} and into non-final fields of that type; faults are reset
 * after every test.
 *
 * <pre>{@code
 * @ExtendWith(DanubeBrokerExtension.class)            // per class, default settings
 * class MyIT {
 *   @Test void sends(InMemoryDanubeBroker broker) { ... broker.serviceUrl() ... }
 * }
 *
 * class OtherIT {
 *   @RegisterExtension
 *   static final DanubeBrokerExtension DANUBE =
 *       DanubeBrokerExtension.perTest(b -> b.mode(InMemoryDanubeBroker.Mode.STANDALONE));
 *   InMemoryDanubeBroker broker;                         // injected before each test
 * }
 * }</pre>
 */
public final class DanubeBrokerExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(DanubeBrokerExtension.class);
  private static final String KEY = "broker";

  private final boolean perTest;
  private final Consumer<InMemoryDanubeBroker.Builder> settings;

  /** One broker per test class with default settings (what {@code @ExtendWith} uses). */
  public DanubeBrokerExtension() {
    this(false, b -> {});
  }

  private DanubeBrokerExtension(boolean perTest, Consumer<InMemoryDanubeBroker.Builder> settings) {
    this.perTest = perTest;
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** One broker per test class, configured by {@code settings} (the port is always free). */
  public static DanubeBrokerExtension perClass(Consumer<InMemoryDanubeBroker.Builder> settings) {
    return new DanubeBrokerExtension(false, settings);
  }

  /** A fresh broker for every test, configured by {@code settings}. */
  public static DanubeBrokerExtension perTest(Consumer<InMemoryDanubeBroker.Builder> settings) {
    return new DanubeBrokerExtension(true, settings);
  }

  /** The broker of the current test, for use outside injected parameters and fields. */
  public static InMemoryDanubeBroker broker(ExtensionContext context) {
    Holder h = context.getStore(NS).get(KEY, Holder.class);
    if (h == null) {
      throw new ExtensionConfigurationException(
          "DanubeBrokerExtension: no broker is running in " + context.getDisplayName());
    }
    return h.broker;
  }

  private InMemoryDanubeBroker startBroker() {
    InMemoryDanubeBroker.Builder builder = InMemoryDanubeBroker.builder();
    settings.accept(builder);
    return builder.port(0).start();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      context.getStore(NS).put(KEY, new Holder(startBroker()));
      injectFields(context, null);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perTest) {
      context.getStore(NS).put(KEY, new Holder(startBroker()));
    } else if (context.getStore(NS).get(KEY, Holder.class) == null) {
      // Registered on an instance field: beforeAll never ran, so start lazily for the class.
      ExtensionContext classContext = context.getParent().orElse(context);
      classContext.getStore(NS).put(KEY, new Holder(startBroker()));
    }
    injectFields(context, context.getRequiredTestInstance());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      Holder h = context.getStore(NS).remove(KEY, Holder.class);
      if (h != null) {
        h.close();
      }
    } else {
      Holder h = context.getStore(NS).get(KEY, Holder.class);
      if (h != null) {
        h.broker.faults().reset();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Holder h = context.getStore(NS).remove(KEY, Holder.class);
    if (h != null) {
      h.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == InMemoryDanubeBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context);
  }

  private static void injectFields(ExtensionContext context, Object instance) {
    InMemoryDanubeBroker broker = broker(context);
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        boolean isStatic = Modifier.isStatic(f.getModifiers());
        if (f.getType() != InMemoryDanubeBroker.class
            || Modifier.isFinal(f.getModifiers())
            || (instance == null) != isStatic) {
          continue;
        }
        try {
          f.setAccessible(true);
          f.set(isStatic ? null : instance, broker);
        } catch (IllegalAccessException e) {
          throw new ExtensionConfigurationException(
              "DanubeBrokerExtension: cannot inject field " + c.getName() + "." + f.getName(), e);
        }
      }
    }
  }

  /** Closes the broker when JUnit closes the store, should an after-callback not run. */
  @SuppressWarnings("deprecation")
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final InMemoryDanubeBroker broker;

    Holder(InMemoryDanubeBroker broker) {
      this.broker = broker;
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
