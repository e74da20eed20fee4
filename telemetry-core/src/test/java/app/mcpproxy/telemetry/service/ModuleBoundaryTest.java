package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library's module exports its API only: a package that becomes reachable to every module, or
 * to a module that is not one of this project's tools, fails here.
 */
class ModuleBoundaryTest {
  private static final String PREFIX = "app.mcpproxy.telemetry.";

  private static ModuleDescriptor descriptor() {
    Module module = TelemetryService.class.getModule();
    assertThat(module.isNamed()).as("the tests run in the library's module").isTrue();
    return module.getDescriptor();
  }

  @Test
  void onlyTheApiPackagesAreExportedToEveryone() {
    Set<String> exported =
        descriptor().exports().stream()
            .filter(e -> !e.isQualified())
            .map(Exports::source)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(exported)
        .containsExactly(
            PREFIX + "activation",
            PREFIX + "config",
            PREFIX + "counters",
            PREFIX + "env",
            PREFIX + "feedback",
            PREFIX + "model",
            PREFIX + "service");
  }

  @Test
  void internalPackagesReachOnlyTheToolsThatNeedThem() {
    Map<String, Set<String>> qualified = new TreeMap<>();
    descriptor().exports().stream()
        .filter(Exports::isQualified)
        .forEach(e -> qualified.put(e.source(), new TreeSet<>(e.targets())));

    assertThat(qualified)
        .containsExactly(
            Map.entry(PREFIX + "privacy", Set.of(PREFIX + "collector")),
            Map.entry(PREFIX + "store", Set.of(PREFIX + "cli")));
  }

  @Test
  void noPackageIsOpenForReflection() {
    assertThat(descriptor().opens()).isEmpty();
    assertThat(descriptor().isOpen()).isFalse();
  }

  @Test
  void onlyTheHttpClientAndNullnessAnnotationsAreReExported() {
    Set<String> transitive =
        descriptor().requires().stream()
            .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
            .map(Requires::name)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(transitive).containsExactly("java.net.http", "org.jspecify");
  }
}
