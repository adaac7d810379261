/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Text with references {@code $1} .. {@code $9} to the wildcard captures of a topic filter (see
 * {@link TopicFilter#captures}). A reference is {@code $} and one digit 1 to 9; every other use of
 * {@code $} is an error, so {@code $10} means capture 1 followed by {@code 0}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CaptureTemplate {

  /** One piece: literal text, or a capture number (1-based) when {@code text} is null. */
  private record Piece(String text, int capture) {}

  private final String text;
  private final List<Piece> pieces;
  private final int highest;

  private CaptureTemplate(String text, List<Piece> pieces) {
    this.text = text;
    this.pieces = List.copyOf(pieces);
    this.highest = pieces.stream().mapToInt(Piece::capture).max().orElse(0);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException if a {@code $} is not followed by a digit 1 to 9
   */
  public static CaptureTemplate parse(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(Quote.quoted(text) + " " + problem.get());
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$') {
        if (literal.length() > 0) {
          pieces.add(new Piece(literal.toString(), 0));
          literal.setLength(0);
        }
        pieces.add(new Piece(null, text.charAt(++i) - '0'));
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      pieces.add(new Piece(literal.toString(), 0));
    }
    return new CaptureTemplate(text, pieces);
  }

  /** Why {@code text} is not a template, or empty; the reason follows the quoted text. */
  public static Optional<String> problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '$') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
        if (next < '1' || next > '9') {
          return Optional.of(
              "has a '$' that is not a capture reference; use $1 to $9 for the wildcards of"
                  + " 'from', in order");
        }
        i++;
      }
    }
    return Optional.empty();
  }

  /** Whether the text references any capture. */
  public static boolean hasReferences(String text) {
    return text.indexOf('$') >= 0;
  }

  /**
   * Why this template cannot be used with {@code filter}: a reference beyond its wildcards. Empty
   * when every reference has a capture.
   */
  public Optional<String> problemWith(TopicFilter filter) {
    if (highest > filter.wildcardCount()) {
      int count = filter.wildcardCount();
      return Optional.of(
          "uses $"
              + highest
              + " but the filter "
              + Quote.quoted(filter.text())
              + (count == 0
                  ? " has no wildcards"
                  : " has only " + count + (count == 1 ? " wildcard" : " wildcards")));
    }
    return Optional.empty();
  }

  /** The highest capture number referenced, 0 when none. */
  public int highestCapture() {
    return highest;
  }

  /** The pieces in order: literal text, or {@code null} where a capture goes. */
  List<String> split() {
    List<String> out = new ArrayList<>();
    for (Piece piece : pieces) {
      out.add(piece.text());
    }
    return out;
  }

  /** The literal parts of the template, in order. */
  public List<String> literals() {
    return pieces.stream().filter(p -> p.text() != null).map(Piece::text).toList();
  }

  /**
   * The text with each reference replaced by {@code transform} applied to its capture.
   *
   * @param captures the captures of a matched topic, as {@link TopicFilter#captures} returns them;
   *     must have at least {@link #highestCapture()} entries
   */
  public String render(List<String> captures, UnaryOperator<String> transform) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Piece piece : pieces) {
      out.append(
          piece.text() != null ? piece.text() : transform.apply(captures.get(piece.capture() - 1)));
    }
    return out.toString();
  }

  /** The text with each reference replaced by its capture as received. */
  public String render(List<String> captures) {
    return render(captures, UnaryOperator.identity());
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
