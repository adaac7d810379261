/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.config;

/**
 * One validated route: an MQTT topic filter and the Danube topic its messages go to.
 *
 * @param from MQTT topic filter (validated, MQTT 3.1.1 section 4.7)
 * @param to Danube topic, {@code /namespace/topic} (explicit or derived from {@code from})
 * @param qos subscription QoS 0, 1 or 2
 * @param partitions 0 for a plain Danube topic, N for N partitions
 * @param reliableDispatch Danube reliable dispatch
 */
public record RouteSettings(
    String from, String to, int qos, int partitions, boolean reliableDispatch) {}
