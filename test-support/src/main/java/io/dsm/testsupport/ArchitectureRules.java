/* SPDX-License-Identifier: Apache-2.0 */
package io.dsm.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The rules of ARCHITECTURE.md that hold in every module, for each module's architecture test. A
 * module's test imports only its own classes, so each rule speaks of one module.
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /**
   * Both rules below, for a module whose API creates its implementation through {@code factories}
   * (fully qualified names; none when the module has no internal package).
   */
  public static ArchRule moduleRules(String... factories) {
    return CompositeArchRule.of(noPackageCycles(factories))
        .and(publicTypesDoNotUseInternals(factories));
  }

  /**
   * No two packages of {@code io.dsm} depend on each other, directly or round a cycle: every
   * package, the root of a module included, is its own slice. {@code factories} name the public
   * classes that create a module's implementation (the one allowed bridge into {@code internal}).
   */
  public static SliceRule noPackageCycles(String... factories) {
    return SlicesRuleDefinition.slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("io.dsm.")
                    ? SliceIdentifier.of(c.getPackageName())
                    : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "the packages of io.dsm";
              }
            })
        .should()
        .beFreeOfCycles()
        .ignoreDependency(isOneOf(factories), inInternal());
  }

  /**
   * Rule 3: a module's public types never use its {@code internal} package (and no other module
   * does), so public signatures stay stable while internals change; only the named {@code
   * factories} create the implementation.
   */
  public static ArchRule publicTypesDoNotUseInternals(String... factories) {
    return noClasses()
        .that()
        .resideOutsideOfPackage("..internal..")
        .and(DescribedPredicate.not(isOneOf(factories)))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..internal..")
        .because("only a module's internal packages may use its internals (ARCHITECTURE rule 3)");
  }

  private static DescribedPredicate<JavaClass> isOneOf(String... classNames) {
    java.util.Set<String> names = java.util.Set.of(classNames);
    return DescribedPredicate.describe(
        "one of the factories " + names,
        // Nested and synthetic classes (e.g. the compiler's switch map Factory$1) count as theirs.
        c -> names.contains(c.getName().replaceFirst("\\$.*", "")));
  }

  private static DescribedPredicate<JavaClass> inInternal() {
    return DescribedPredicate.describe(
        "a class of an internal package", c -> c.getPackageName().contains(".internal"));
  }
}
