/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client.internal;

import java.util.BitSet;

/** Packet identifiers for what the client sends (SUBSCRIBE, PUBLISH), never one in use. */
final class PacketIds {
  private final BitSet used = new BitSet(65536);
  private int next = 1;

  /** A free identifier in [1, 65535]; -1 when all are in use. I/O thread. */
  int acquire() {
    for (int i = 0; i < 65535; i++) {
      int id = next;
      next = next == 65535 ? 1 : next + 1;
      if (!used.get(id)) {
        used.set(id);
        return id;
      }
    }
    return -1;
  }

  void release(int id) {
    used.clear(id);
  }
}
