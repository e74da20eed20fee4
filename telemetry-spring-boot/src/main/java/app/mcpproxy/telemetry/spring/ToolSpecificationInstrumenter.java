package app.mcpproxy.telemetry.spring;

import app.mcpproxy.telemetry.mcp.McpTelemetry;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps the tool specifications Spring AI hands to the SDK server: single {@code
 * SyncToolSpecification} / {@code AsyncToolSpecification} beans and the {@code List} beans in which
 * Spring AI's tool-callback and annotation auto-configurations publish theirs. Spring AI's server
 * customizers cannot do this: they receive the SDK's server specification, whose tool list can only
 * be added to.
 */
final class ToolSpecificationInstrumenter implements BeanPostProcessor {
  private final ObjectProvider<McpTelemetry> telemetry;

  ToolSpecificationInstrumenter(ObjectProvider<McpTelemetry> telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof SyncToolSpecification spec) {
      return telemetry.getObject().tool(spec);
    }
    if (bean instanceof AsyncToolSpecification spec) {
      return telemetry.getObject().asyncTool(spec);
    }
    if (bean instanceof List<?> list && !list.isEmpty() && isToolList(list)) {
      List<Object> wrapped = new ArrayList<>(list.size());
      McpTelemetry instrumentation = telemetry.getObject();
      for (Object element : list) {
        if (element instanceof SyncToolSpecification spec) {
          wrapped.add(instrumentation.tool(spec));
        } else {
          wrapped.add(instrumentation.asyncTool((AsyncToolSpecification) element));
        }
      }
      return wrapped;
    }
    return bean;
  }

  private static boolean isToolList(List<?> list) {
    for (Object element : list) {
      if (!(element instanceof SyncToolSpecification
          || element instanceof AsyncToolSpecification)) {
        return false;
      }
    }
    return true;
  }
}
