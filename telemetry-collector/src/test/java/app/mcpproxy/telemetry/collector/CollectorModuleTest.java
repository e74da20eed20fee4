package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The collector's module exports the server and its command line only: HTTP, storage, statistics
 * and the fleet generator are reachable to no other module. Tests run on the class path, so the
 * descriptor is read from the compiled classes.
 */
class CollectorModuleTest {
  private static Path classes() throws URISyntaxException {
    return Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void exportsOnlyTheServerPackageAndOpensItOnlyToPicocli() throws Exception {
    ModuleDescriptor descriptor = descriptor();

    Set<String> exported =
        descriptor.exports().stream()
            .map(Exports::source)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(descriptor.name()).isEqualTo("app.mcpproxy.telemetry.collector");
    assertThat(exported).containsExactly("app.mcpproxy.telemetry.collector");
    assertThat(descriptor.exports()).noneMatch(Exports::isQualified);
    assertThat(descriptor.opens())
        .singleElement()
        .satisfies(
            opens -> {
              assertThat(opens.source()).isEqualTo("app.mcpproxy.telemetry.collector");
              assertThat(opens.targets()).containsExactly("info.picocli");
            });
  }

  @Test
  void everyOtherPackageOfTheCollectorStaysInside() throws Exception {
    Path classes = classes();
    Path root = classes.resolve("app/mcpproxy/telemetry/collector");
    Set<String> packages;
    try (Stream<Path> files = Files.walk(root)) {
      packages =
          files
              .filter(file -> file.toString().endsWith(".class"))
              .map(file -> classes.relativize(file.getParent()).toString().replace('/', '.'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> exported =
        descriptor().exports().stream().map(Exports::source).collect(Collectors.toSet());

    assertThat(packages)
        .contains(
            "app.mcpproxy.telemetry.collector.http",
            "app.mcpproxy.telemetry.collector.storage",
            "app.mcpproxy.telemetry.collector.statistics",
            "app.mcpproxy.telemetry.collector.fleet");
    assertThat(packages)
        .filteredOn(exported::contains)
        .containsExactly("app.mcpproxy.telemetry.collector");
  }
}
