/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.source.demo;

/** A part of the demo could not be started; the message names the part and the reason. */
final class DemoStartException extends Exception {
  private static final long serialVersionUID = 1L;

  DemoStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
