/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.mqtt.client;

/**
 * Decides how many received messages the application holds. The client asks before it decodes each
 * PUBLISH; when the answer is no, it stops reading the socket, so the TCP window pushes back to the
 * broker and the client's memory stays bounded whatever the broker does (a broker that ignores its
 * in-flight limit or the client's Receive Maximum included). Implementations are thread-safe.
 */
public interface InboundFlowControl {
  /**
   * Called on the client's I/O thread before a PUBLISH of {@code bytes} bytes is decoded.
   *
   * @return true to take the message (the application now holds it and gives it back when done);
   *     false to stop reading until {@link #onAdmissionPossible} fires
   */
  boolean tryAdmit(int qos, int bytes);

  /**
   * Gives back what {@link #tryAdmit} granted for a message the client then did not deliver (a QoS
   * 2 message the broker sent again before releasing it). I/O thread.
   */
  void release(int qos, int bytes);

  /**
   * Registers a callback run once, on any thread, when a refused {@link #tryAdmit} may succeed
   * (capacity was given back, or the flow control reopened). Must not block.
   */
  void onAdmissionPossible(Runnable callback);

  /** Admits everything: for clients that do not receive, or tests. */
  InboundFlowControl UNBOUNDED =
      new InboundFlowControl() {
        @Override
        public boolean tryAdmit(int qos, int bytes) {
          return true;
        }

        @Override
        public void release(int qos, int bytes) {}

        @Override
        public void onAdmissionPossible(Runnable callback) {
          callback.run();
        }
      };
}
