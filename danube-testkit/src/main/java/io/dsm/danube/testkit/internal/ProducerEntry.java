/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.testkit.internal;

/** A registered producer; lives until its topic is unloaded, moved or its broker stops. */
record ProducerEntry(long id, String name, TopicState topic, int node, boolean exclusive) {}
