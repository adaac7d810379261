/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.bench;

import java.lang.management.ManagementFactory;

/**
 * The machine a run was made on, for the report.
 *
 * @param cpus available processors
 * @param memoryMib total physical memory, or -1 when unknown
 * @param javaVersion the Java runtime ("17.0.15+6 OpenJDK 64-Bit Server VM")
 * @param os the operating system
 * @param mosquitto the first line of {@code mosquitto -h}, or null when not installed
 */
public record MachineInfo(
    int cpus, long memoryMib, String javaVersion, String os, String mosquitto) {

  public static MachineInfo collect() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize() / (1024 * 1024);
    }
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("java.runtime.version") + " " + System.getProperty("java.vm.name"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        MosquittoBroker.version());
  }
}
