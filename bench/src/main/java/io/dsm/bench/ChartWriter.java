/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG chart of a run, drawn by JFreeChart: latency percentiles per phase (log scale) above
 * throughput per second of the measured window per phase.
 */
public final class ChartWriter {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 1000;

  /** A log axis cannot show 0; sub-microsecond latencies are drawn at this floor. */
  private static final double FLOOR_MS = 0.001;

  private ChartWriter() {}

  public static void write(BenchReport r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    JFreeChart latency = latencyChart(r);
    JFreeChart throughput = throughputChart(r);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      latency.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT / 2.0));
      throughput.draw(g, new Rectangle2D.Double(0, HEIGHT / 2.0, WIDTH, HEIGHT / 2.0));
    } finally {
      g.dispose();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", file.toFile());
  }

  static JFreeChart latencyChart(BenchReport r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (PhaseResult p : r.phases()) {
      LatencySummary l = p.latency();
      String series = p.phase().key();
      data.addValue(floor(l.p50Ms()), series, "p50");
      data.addValue(floor(l.p90Ms()), series, "p90");
      data.addValue(floor(l.p99Ms()), series, "p99");
      data.addValue(floor(l.p999Ms()), series, "p99.9");
      data.addValue(floor(l.maxMs()), series, "max");
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            "End-to-end latency from intended send time (" + describe(r.config()) + ")",
            "percentile",
            "latency (ms)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    LogAxis axis = new LogAxis("latency (ms, log scale)");
    axis.setSmallestValue(FLOOR_MS);
    axis.setNumberFormatOverride(
        new java.text.DecimalFormat(
            "0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
    plot.setRangeAxis(axis);
    plot.setBackgroundPaint(java.awt.Color.WHITE);
    plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
    renderer.setDefaultShapesVisible(true);
    return chart;
  }

  static JFreeChart throughputChart(BenchReport r) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (PhaseResult p : r.phases()) {
      XYSeries series = new XYSeries(p.phase().key());
      for (PhaseResult.Second s : p.timeline()) {
        series.add(s.t(), s.messages());
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Throughput over the measured window (messages arrived per second)",
            "seconds into the measured window",
            "msg/s",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.getXYPlot().setBackgroundPaint(java.awt.Color.WHITE);
    chart.getXYPlot().setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    chart.getXYPlot().setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
    return chart;
  }

  private static double floor(double ms) {
    return Math.max(FLOOR_MS, ms);
  }

  private static String describe(BenchConfig c) {
    return String.format(
        java.util.Locale.ROOT,
        "%s, QoS %d, %d B, %s",
        c.maxRate() ? "max rate" : String.format(java.util.Locale.ROOT, "%.0f msg/s", c.rate()),
        c.qos(),
        c.payloadBytes(),
        c.reliable() ? "reliable" : "non-reliable");
  }
}
