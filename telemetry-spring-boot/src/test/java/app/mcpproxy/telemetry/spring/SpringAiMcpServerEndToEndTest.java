package app.mcpproxy.telemetry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.mcp.FailureMapping;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring Boot application with Spring AI's MCP server (streamable HTTP, Spring MVC), on the
 * build's SDK version, with nothing but this module added: two SDK clients call its tools, then one
 * heartbeat to a loopback collector holds the counts and no tool name.
 */
@Timeout(120)
class SpringAiMcpServerEndToEndTest {
  static final String SEARCH = "search_catalog_7f3a";
  static final String READ = "read_private_file_9c1e";
  static final String DEPLOY = "deploy_cluster_4b2d";
  static final String SECRET = "/home/alice/secret-plan.txt";

  @TempDir Path dir;

  @Test
  void spring_ai_tools_are_counted_and_one_heartbeat_holds_the_counts() throws Exception {
    try (RecordingServer collector = RecordingServer.start()) {
      ConfigurableApplicationContext app =
          SpringApplication.run(
              TestApplication.class,
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--spring.ai.mcp.server.protocol=STREAMABLE",
              "--spring.ai.mcp.server.name=acme-internal-gateway-5e8f",
              "--mcpproxy.telemetry.builtin-tools." + SEARCH + "=retrieve_tools",
              "--test.dir=" + dir,
              "--test.endpoint=" + collector.endpoint());
      TelemetryService service;
      try {
        String origin = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        for (String name : List.of("Claude-Code", "cursor-vscode")) {
          useTools(origin, name);
        }
        service = app.getBean(TelemetryService.class);
        SendResult result = service.sendNow();
        assertThat(result.accepted()).as("%s", result).isTrue();
      } finally {
        app.close();
      }

      String json =
          collector.requests().stream()
              .filter(r -> r.path().endsWith("/heartbeat"))
              .findFirst()
              .orElseThrow()
              .bodyText();
      JsonNode payload = new ObjectMapper().readTree(json);
      assertThat(payload.path("builtin_tool_calls").path("retrieve_tools").asLong()).isEqualTo(2);
      assertThat(payload.path("upstream_tool_call_count_bucket").asText()).isEqualTo("1-10");
      assertThat(payload.path("error_category_counts").path("tool_quarantine_blocked").asLong())
          .isEqualTo(2);
      assertThat(payload.path("surface_requests").path("mcp").asLong()).isGreaterThanOrEqualTo(10);
      List<String> clients = new ArrayList<>();
      payload
          .path("activation")
          .path("mcp_clients_seen_ever")
          .forEach(n -> clients.add(n.asText()));
      assertThat(clients).containsExactlyInAnyOrder("claude-code", "cursor");
      assertThat(json)
          .doesNotContain(SEARCH)
          .doesNotContain(READ)
          .doesNotContain(DEPLOY)
          .doesNotContain("acme-internal-gateway")
          .doesNotContain("secret-plan");
    }
  }

  private static void useTools(String origin, String clientName) {
    try (McpSyncClient client =
        McpClient.sync(HttpClientStreamableHttpTransport.builder(origin).endpoint("/mcp").build())
            .clientInfo(Implementation.builder(clientName, "1.0.0").build())
            .requestTimeout(Duration.ofSeconds(30))
            .build()) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(3);
      client.callTool(CallToolRequest.builder(SEARCH).arguments(Map.of("q", SECRET)).build());
      client.callTool(CallToolRequest.builder(READ).arguments(Map.of("path", SECRET)).build());
      try {
        client.callTool(CallToolRequest.builder(DEPLOY).arguments(Map.of()).build());
      } catch (RuntimeException refused) {
        // the tool fails on purpose
      }
    }
  }

  /** Thrown by the failing tool. */
  static final class QuarantinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The application: tools as Spring AI takes them, and a telemetry service that CI cannot opt out.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class TestApplication {
    @Bean
    List<SyncToolSpecification> tools() {
      return List.of(
          new SyncToolSpecification(tool(SEARCH), (exchange, request) -> text("3 matches")),
          new SyncToolSpecification(tool(READ), (exchange, request) -> text("the plan")),
          new SyncToolSpecification(
              tool(DEPLOY),
              (exchange, request) -> {
                throw new QuarantinedException();
              }));
    }

    @Bean
    FailureMapping failureMapping() {
      return (tool, failure) ->
          failure instanceof QuarantinedException ? ErrorCategory.TOOL_QUARANTINE_BLOCKED : null;
    }

    @Bean(destroyMethod = "close")
    TelemetryService telemetryService(org.springframework.core.env.Environment environment)
        throws ConfigException {
      Path dir = Path.of(environment.getRequiredProperty("test.dir"));
      return ServiceFixture.builder(
              dir, URI.create(environment.getRequiredProperty("test.endpoint")))
          .version("1.4.2")
          .build();
    }

    private static Tool tool(String name) {
      return Tool.builder(name, Map.of("type", "object")).build();
    }

    private static CallToolResult text(String text) {
      return CallToolResult.builder().addTextContent(text).build();
    }
  }
}
