package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonContentTypeTest {
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "application/json                      | true",
        "Application/JSON                      | true",
        "application/json; charset=utf-8       | true",
        "application/json;charset=\"UTF-8\"    | true",
        "application/json; charset=utf8        | true",
        "application/json;                     | true",
        "application/json; charset=iso-8859-1  | false",
        "application/json; boundary=x          | false",
        "text/plain                            | false",
        "application/x-www-form-urlencoded     | false",
        "application/jsonp                     | false",
        "''                                    | false",
        "NULL                                  | false",
      })
  void acceptsOnlyUtf8Json(String header, boolean accepted) {
    assertThat(JsonContentType.accepts(header)).isEqualTo(accepted);
  }
}
