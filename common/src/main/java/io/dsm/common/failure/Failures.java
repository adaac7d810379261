/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.common.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Helpers to turn an exception into the one line an operator reads: the cause chain (with
 * suppressed exceptions), the innermost meaningful message, without Netty's native-call prefix and
 * without line breaks.
 */
public final class Failures {
  /**
   * Netty's native transport (epoll) prefixes socket errors with the failed call, e.g. {@code
   * finishConnect(..) failed with error(-111): Connection refused: /10.0.0.1:1883}; the operator
   * needs only what follows, as the JDK's NIO transport reports it.
   */
  private static final Pattern NATIVE_CALL =
      Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

  private Failures() {}

  /** {@code failure}, its causes and their suppressed exceptions, outermost first, at most 20. */
  public static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Throwable t = failure;
    while (t != null && !chain.contains(t) && chain.size() < 20) {
      chain.add(t);
      for (Throwable s : t.getSuppressed()) {
        if (s != null && !chain.contains(s)) {
          chain.add(s);
        }
      }
      t = t.getCause();
    }
    return chain;
  }

  /** The first exception of {@code type} in the chain, or {@code null}. */
  public static <T> T find(List<Throwable> chain, Class<T> type) {
    for (Throwable t : chain) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The innermost exception with a message, skipping future wrappers. */
  public static Throwable innermost(List<Throwable> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      if (!(t instanceof CompletionException || t instanceof ExecutionException)
          && t.getMessage() != null) {
        return t;
      }
    }
    return chain.get(0);
  }

  /** The exception's message without the native-call prefix, or its simple class name. */
  public static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank()
        ? t.getClass().getSimpleName()
        : NATIVE_CALL.matcher(m).replaceFirst("");
  }

  /** The first line, trimmed. */
  public static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /** Line breaks folded into spaces, trimmed. */
  public static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ').trim();
  }

  /** {@code t} without {@link CompletionException}/{@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
