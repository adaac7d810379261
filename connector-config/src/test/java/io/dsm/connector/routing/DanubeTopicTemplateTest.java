/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.connector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DanubeTopicTemplateTest {

  private static List<String> split(String captures) {
    return captures.equals("-") ? List.of() : Arrays.asList(captures.split(";", -1));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // filter | topic | captures (';'-separated, '-' for none)
        "plants/+/lines/+/#  | plants/p1/lines/7/a/b   | p1;7;a/b",
        "plants/+/lines/+/#  | plants/p1/lines/7       | p1;7;",
        "plants/+/lines/+/#  | plants/p1/lines/7/      | p1;7;",
        "+/+                 | a/                      | a;",
        "#                   | x/y/z                   | x/y/z",
        "a/b                 | a/b                     | -",
        "sensors/#           | sensors                 | ''",
        "+/tennis/#          | sport/tennis/x          | sport;x",
      })
  void capturesFollowTheWildcardsInOrder(String filter, String topic, String expected) {
    List<String> want = expected.equals("''") ? List.of("") : split(expected);
    assertThat(TopicFilter.of(filter).captures(topic)).contains(want);
  }

  @Test
  void aTopicThatDoesNotMatchHasNoCaptures() {
    assertThat(TopicFilter.of("plants/+/x").captures("plants/a/y")).isEmpty();
    assertThat(TopicFilter.of("#").captures("$SYS/a")).isEmpty();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // template | captures | rendered
        "/iot/plant_$1          | p1;7;a/b       | /iot/plant_p1",
        "/iot/plant_$1_line_$2  | p1;7;a/b       | /iot/plant_p1_line_7",
        "/iot/$3                | p1;7;a/b       | /iot/a_b",
        "/$1/$2                 | north.1;Zürich | /north-1/Z-rich",
        "/iot/dev-$1            | a b#c+d        | /iot/dev-a-b-c-d",
        "/iot/x$10              | 5              | /iot/x50",
        "/iot/fixed             | -              | /iot/fixed",
      })
  void rendersWithSanitisedCaptures(String template, String captures, String rendered) {
    TopicFilter filter = TopicFilter.of("+/+/#");
    DanubeTopicTemplate parsed = DanubeTopicTemplate.of(template, filter);
    DanubeTopicTemplate.Rendered result = parsed.render(split(captures));
    assertThat(result.ok()).isTrue();
    assertThat(result.name()).isEqualTo(rendered);
    assertThat(DanubeTopicName.isValid(result.name())).isTrue();
  }

  @Test
  void anEmptyCaptureThatLeavesAPartEmptyIsAPerMessageFailure() {
    DanubeTopicTemplate template = DanubeTopicTemplate.of("/iot/$1", TopicFilter.of("a/+"));
    DanubeTopicTemplate.Rendered result =
        template.render(TopicFilter.of("a/+").captures("a/").get());
    assertThat(result.ok()).isFalse();
    assertThat(result.failure())
        .isEqualTo(
            "target \"/iot/$1\" rendered \"/iot/\", which is not a Danube topic; expected"
                + " /namespace/topic using letters, digits, '_' or '-'");
    // The same template with a literal next to the capture never fails.
    assertThat(
            DanubeTopicTemplate.of("/iot/d_$1", TopicFilter.of("a/+")).render(List.of("")).name())
        .isEqualTo("/iot/d_");
  }

  @ParameterizedTest(name = "{0} for {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // template | filter | problem
        "/iot/plant_$3   | plants/+/lines/+ | uses $3 but the filter \"plants/+/lines/+\" has only 2"
            + " wildcards",
        "/iot/$1         | a/b              | uses $1 but the filter \"a/b\" has no wildcards",
        "/iot/$2         | a/#              | uses $2 but the filter \"a/#\" has only 1 wildcard",
        "/iot/plant_$0   | a/+              | has a '$' that is not a capture reference; use $1 to"
            + " $9 for the wildcards of 'from', in order",
        "/iot/cost$      | a/+              | has a '$' that is not a capture reference; use $1 to"
            + " $9 for the wildcards of 'from', in order",
        "/iot/plant.$1   | a/+              | has \".\", which Danube topic names do not allow; use"
            + " letters, digits, '_' or '-'",
        "/iot/a b$1      | a/+              | has \" \", which Danube topic names do not allow; use"
            + " letters, digits, '_' or '-'",
        "/iot/$1/x       | a/+              | never renders a Danube topic: with its captures"
            + " filled in it reads \"/iot/x/x\", not /namespace/topic",
        "iot/$1          | a/+              | never renders a Danube topic: with its captures"
            + " filled in it reads \"iot/x\", not /namespace/topic",
        "//$1            | a/+              | never renders a Danube topic: with its captures"
            + " filled in it reads \"//x\", not /namespace/topic",
        "/iot/a/b        | a/+              | is not a Danube topic; expected /namespace/topic using"
            + " letters, digits, '_' or '-'",
      })
  void catchesTemplatesThatCanNeverRender(String template, String filter, String problem) {
    assertThat(DanubeTopicTemplate.problem(template.trim(), TopicFilter.of(filter.trim())))
        .contains(problem.trim());
  }

  @Test
  void aPlainNameIsNotATemplate() {
    assertThat(DanubeTopicTemplate.isTemplate("/iot/data")).isFalse();
    assertThat(DanubeTopicTemplate.isTemplate("/iot/$1")).isTrue();
    assertThat(DanubeTopicTemplate.problem("/iot/data", TopicFilter.of("a"))).isEmpty();
  }

  @Test
  void knowsWhichNamesItCanRender() {
    DanubeTopicTemplate t = DanubeTopicTemplate.of("/iot/plant_$1", TopicFilter.of("p/+"));
    assertThat(t.canRender("/iot/plant_north")).isTrue();
    assertThat(t.canRender("/iot/plant_")).isTrue();
    assertThat(t.canRender("/iot/other")).isFalse();
    assertThat(t.canRender("/iot/plant_a.b")).isFalse();
  }
}
