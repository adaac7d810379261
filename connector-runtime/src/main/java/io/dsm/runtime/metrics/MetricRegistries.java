/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.runtime.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Creates the registry of one connector. The JVM metrics (memory, GC, threads, class loading,
 * process CPU and file descriptors, from the Prometheus client's JVM instrumentation) describe the
 * whole process, so they live once in a shared registry that every connector's registry includes: a
 * connector's registry can then be dropped with the connector, and no series is registered twice.
 */
public final class MetricRegistries {
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private MetricRegistries() {}

  /** A new registry holding the JVM metrics; the connector registers its own metrics in it. */
  public static PrometheusRegistry newConnectorRegistry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register((MultiCollector) JVM::scrape);
    return registry;
  }
}
