package app.mcpproxy.telemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplatesTest {
  private final RouteTemplates routes =
      RouteTemplates.of(
          List.of(
              "/api/v1/servers/{name}",
              "/api/v1/servers",
              "/api/v1/servers/{name}/tools",
              "/api/v1/servers/new",
              "/"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/v1/servers, /api/v1/servers",
    "/api/v1/servers/, /api/v1/servers",
    "/api/v1/servers/github, /api/v1/servers/{name}",
    "/api/v1/servers/github/tools, /api/v1/servers/{name}/tools",
    "/api/v1/servers/new, /api/v1/servers/new",
    "/, /",
  })
  void aPathMatchesItsMostLiteralTemplate(String path, String template) {
    assertThat(routes.match(path)).isEqualTo(template);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "/api/v1/server",
    "/api/v1/servers/github/tools/extra",
    "/api/v1/servers//tools",
    "/api/v2/servers",
    "api/v1/servers",
    "''",
  })
  void aPathOutsideTheTemplatesMatchesNone(String path) {
    assertThat(routes.match(path)).isNull();
  }

  @Test
  void aNullPathMatchesNone() {
    assertThat(routes.match(null)).isNull();
  }

  @Test
  void aTemplateThatIsNotAPathIsRefused() {
    assertThatThrownBy(() -> RouteTemplates.of(List.of("api/v1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteTemplates.of(List.of("/api?x=1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
