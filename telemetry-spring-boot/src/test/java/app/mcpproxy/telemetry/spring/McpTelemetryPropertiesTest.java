package app.mcpproxy.telemetry.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.service.TelemetryService;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The service the auto-configuration builds from {@code application.properties}. */
class McpTelemetryPropertiesTest {
  @TempDir Path dir;

  @Test
  void theServiceIsBuiltFromTheProperties() {
    try (ConfigurableApplicationContext app =
        run(
            "--mcpproxy.telemetry.version=v2.3.4",
            "--mcpproxy.telemetry.config=" + dir.resolve("mcp_config.json"),
            "--mcpproxy.telemetry.data-dir=" + dir.resolve("data"),
            "--mcpproxy.telemetry.endpoint=http://127.0.0.1:9/v1",
            "--mcpproxy.telemetry.start=false")) {
      TelemetryService service = app.getBean(TelemetryService.class);

      assertThat(service.version()).contains("v2.3.4");
      assertThat(service.endpoint()).hasToString("http://127.0.0.1:9/v1");
    }
  }

  @Test
  void anUnknownBuiltinToolStopsTheStartWithItsName() {
    assertThatThrownBy(
            () ->
                run(
                    "--mcpproxy.telemetry.config=" + dir.resolve("mcp_config.json"),
                    "--mcpproxy.telemetry.start=false",
                    "--mcpproxy.telemetry.builtin-tools.find=retrieve_everything"))
        .hasStackTraceContaining("mcpproxy.telemetry.builtin-tools.find is not a built-in tool");
  }

  private static ConfigurableApplicationContext run(String... args) {
    SpringApplication application = new SpringApplication(Plain.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    // No MCP server here: outside a web application Spring AI would serve stdio, surefire's
    // channel.
    all[args.length] = "--spring.ai.mcp.server.enabled=false";
    return application.run(all);
  }

  /** An application with no beans of its own. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class Plain {}
}
