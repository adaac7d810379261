/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.danube.client;

/**
 * Producer access mode. Danube v0.15.1 stores it but does not enforce {@code EXCLUSIVE}; it is sent
 * on the wire for forward compatibility.
 */
public enum AccessMode {
  SHARED,
  EXCLUSIVE
}
