package app.mcpproxy.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.WireNames;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WireNamesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Set<String> wireNames() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field field : WireNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }

  @Test
  void everyFieldOfAFullHeartbeatIsAWireNameAndEveryWireNameIsAField()
      throws IOException, IllegalAccessException {
    JsonNode json = MAPPER.readTree(PayloadWriter.toJson(HeartbeatFixture.full().build()));
    Set<String> fields = new TreeSet<>();
    json.fieldNames().forEachRemaining(fields::add);
    for (String nested :
        List.of(WireNames.FEATURE_FLAGS, WireNames.ENV_MARKERS, WireNames.ACTIVATION)) {
      json.get(nested).fieldNames().forEachRemaining(fields::add);
    }
    json.get(WireNames.DOCTOR_CHECKS)
        .elements()
        .forEachRemaining(check -> check.fieldNames().forEachRemaining(fields::add));

    assertThat(fields).isEqualTo(wireNames());
  }

  @Test
  void eachConstantIsItsNameInLowerCase() throws IllegalAccessException {
    for (Field field : WireNames.class.getFields()) {
      assertThat(field.get(null)).isEqualTo(field.getName().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
