package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryServiceBuilderTest {
  @TempDir Path dir;

  private Path config() {
    return dir.resolve("mcp_config.json");
  }

  private TelemetryService.Builder builder() {
    return TelemetryService.builder()
        .config(config())
        .version("v1.0.0")
        .processEnvironment(
            ProcessEnvironment.builder().homeDirectory(dir.resolve("home")).build());
  }

  static Stream<Arguments> nullSetters() {
    return Stream.of(
        setter("config", b -> b.config(null)),
        setter("version", b -> b.version(null)),
        setter("edition", b -> b.edition(null)),
        setter("dataDir", b -> b.dataDir(null)),
        setter("processEnvironment", b -> b.processEnvironment(null)),
        setter("clock", b -> b.clock(null)),
        setter("scheduler", b -> b.scheduler(null)),
        setter("httpClient", b -> b.httpClient(null)),
        setter("endpoint", b -> b.endpoint(null)),
        setter("initialDelay", b -> b.initialDelay(null)),
        setter("interval", b -> b.interval(null)),
        setter("requestTimeout", b -> b.requestTimeout(null)),
        setter("runtimeStats", b -> b.runtimeStats(null)),
        setter("configuredIdeCount", b -> b.configuredIdeCount(null)),
        setter("autostartReader", b -> b.autostartReader(null)),
        setter("random", b -> b.random(null)));
  }

  private static Arguments setter(String name, Consumer<TelemetryService.Builder> call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullSetters")
  void rejectsNullAtOnceNamingTheValue(String name, Consumer<TelemetryService.Builder> call) {
    assertThatNullPointerException()
        .isThrownBy(() -> call.accept(TelemetryService.builder()))
        .withMessage(name);
  }

  @Test
  void rejectsBadDurationsNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().initialDelay(Duration.ofSeconds(-1)))
        .withMessageContaining("initialDelay")
        .withMessageContaining("PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().interval(Duration.ZERO))
        .withMessageContaining("interval")
        .withMessageContaining("PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().requestTimeout(Duration.ofMillis(-5)))
        .withMessageContaining("requestTimeout");
  }

  @Test
  void zeroInitialDelayIsAllowed() {
    assertThat(builder().initialDelay(Duration.ZERO)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.test/v1", "https://example.test/v1?x=1", "example.test"})
  void rejectsABadEndpointNamingIt(String uri) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().endpoint(URI.create(uri)))
        .withMessageContaining(uri);
  }

  @Test
  void requiresTheConfigFile() {
    assertThatIllegalStateException()
        .isThrownBy(() -> TelemetryService.builder().version("v1.0.0").build())
        .withMessageContaining("config");
  }

  @Test
  void refusesAConfigThatIsNotJson() throws IOException {
    Files.writeString(config(), "{ not json");

    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> builder().build())
        .withMessageContaining("mcp_config.json");
  }

  @Test
  void refusesAnEndpointInTheConfigThatIsNotAnEndpoint() throws IOException {
    Files.writeString(config(), "{\"telemetry\": {\"endpoint\": \"file:///etc/passwd\"}}");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().build())
        .withMessageContaining("file:///etc/passwd");
  }

  @Test
  void endpointComesFromTheOverrideThenTheConfigThenTheDefault() throws Exception {
    try (TelemetryService byDefault = builder().build()) {
      assertThat(byDefault.endpoint()).isEqualTo(TelemetryService.DEFAULT_ENDPOINT);
    }
    Files.writeString(config(), "{\"telemetry\": {\"endpoint\": \"http://127.0.0.1:8787/v1\"}}");
    try (TelemetryService fromConfig = builder().build()) {
      assertThat(fromConfig.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8787/v1"));
    }
    try (TelemetryService overridden =
        builder().endpoint(URI.create("https://collector.example.test/v1")).build()) {
      assertThat(overridden.endpoint()).isEqualTo(URI.create("https://collector.example.test/v1"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/users/alice smith",
        "/home/alice/.ssh",
        "/api/v1/servers/:id",
        "https://db01.corp.example.com/api",
        "/API/V1"
      })
  void refusesADeclaredRouteOfAnotherShapeNamingIt(String route) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().restRoutes("/api/v1/servers", route))
        .withMessageContaining(route);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Docker",
        "docker-daemon",
        "db01.corp",
        "a123456789b123456789c123456789d123456789e123456789"
      })
  void refusesADeclaredCheckOfAnotherShapeNamingIt(String check) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().doctorChecks(List.of("docker_daemon", check)))
        .withMessageContaining(check);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme IDE", "acme_ide", "other", "unknown", "ghp/x", "a.b"})
  void refusesADeclaredClientOfAnotherShapeNamingIt(String client) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder().mcpClients("acme-ide", client))
        .withMessageContaining(client);
  }

  @Test
  void declaredRoutesChecksAndClientsAreTheOnlyOnesCounted() throws Exception {
    try (TelemetryService telemetry =
        builder()
            .restRoutes("/api/v1/servers", "/api/v1/servers/{name}")
            .restRoutes(List.of("/ui/home/", "/api/v1/users/{id}", "/api/v1/tree/root/children"))
            .doctorChecks("docker_daemon")
            .mcpClients("acme-ide")
            .build()) {
      assertThat(telemetry.registry().vocabulary().restRoutes())
          .containsExactly(
              "/api/v1/servers",
              "/api/v1/servers/{name}",
              "/ui/home/",
              "/api/v1/users/{id}",
              "/api/v1/tree/root/children");
      assertThat(telemetry.registry().vocabulary().doctorChecks()).containsExactly("docker_daemon");
    }
  }

  @Test
  void declaringNothingSendsNoRouteOrCheckName() throws Exception {
    try (TelemetryService telemetry = builder().build()) {
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      telemetry.registry().recordDoctorRun(List.of(DoctorCheckResult.of("docker_daemon", true)));

      HeartbeatPayload payload = telemetry.buildPayload();
      assertThat(payload.restEndpointCalls()).containsOnlyKeys("UNMATCHED");
      assertThat(payload.doctorChecks()).isEmpty();
    }
  }

  @Test
  void buildingCreatesNothing() throws Exception {
    Files.writeString(config(), "{\"data_dir\": \"" + dir.resolve("data") + "\"}");
    byte[] before = Files.readAllBytes(config());

    try (TelemetryService telemetry = builder().build()) {
      assertThat(telemetry.enabled()).isTrue();
      assertThat(telemetry.version()).contains("v1.0.0");
    }

    assertThat(Files.readAllBytes(config())).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(config());
    }
  }

  @Test
  void versionIsCanonicalised() throws Exception {
    try (TelemetryService telemetry = builder().version("1.2").build()) {
      assertThat(telemetry.version()).contains("v1.2.0");
      assertThat(telemetry.buildPayload().version()).isEqualTo("v1.2.0");
    }
  }

  @Test
  void withoutAVersionTelemetryStaysOff() throws Exception {
    try (TelemetryService telemetry =
        TelemetryService.builder()
            .config(config())
            .processEnvironment(ProcessEnvironment.builder().env(Map.of()).build())
            .build()) {
      assertThat(telemetry.enabled()).isFalse();
      assertThat(telemetry.version()).isEmpty();
    }
  }
}
