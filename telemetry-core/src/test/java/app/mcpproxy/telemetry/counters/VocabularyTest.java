package app.mcpproxy.telemetry.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/api/v1/servers",
        "/api/v1/servers/{name}",
        "/api/v1/servers/{serverName}/tools",
        "/ui/home/",
        "/api/v1/tree/root/children",
        "/oauth_callback",
        "/tool-calls/{id}",
        "/openapi.json"
      })
  void acceptsRouteTemplatesOfTheFixedShape(String template) {
    assertThat(Vocabulary.of(List.of(template), List.of()).restRoutes()).containsExactly(template);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "api",
        "//",
        "/API/v1",
        "/api//v1",
        "/api/v1?x=1",
        "/api/v1#x",
        "/api/v1/servers/:id",
        "/api/{}",
        "/api/{a b}",
        "/api/1234",
        "/home/alice smith",
        "/users/alice@example.com",
        "/srv/ü",
        "/a/../b",
        "/a/*",
        "C:\\Users\\alice"
      })
  void refusesARouteTemplateOfAnyOtherShapeNamingIt(String template) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.of(List.of("/ok", template), List.of()))
        .withMessageContaining("'" + template + "'");
  }

  @Test
  void refusesARouteTemplateOverTheLengthLimit() {
    String tooLong = "/" + "a".repeat(Vocabulary.MAX_ROUTE_LENGTH);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.requireRoute(tooLong))
        .withMessageContaining(tooLong);
  }

  @ParameterizedTest
  @ValueSource(strings = {"docker", "docker_daemon", "a", "check2", "ab12_c"})
  void acceptsCheckNamesOfTheFixedShape(String name) {
    assertThat(Vocabulary.of(List.of(), List.of(name)).doctorChecks()).containsExactly(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "Docker", "2fa", "_x", "docker-daemon", "docker daemon", "a.b", "ghp/x"})
  void refusesACheckNameOfAnyOtherShapeNamingIt(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.of(List.of(), List.of(name)))
        .withMessageContaining("'" + name + "'");
  }

  @Test
  void refusesACheckNameOverFortyEightCharacters() {
    assertThat(Vocabulary.requireCheck("ab_".repeat(16))).hasSize(48);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.requireCheck("ab_".repeat(16) + "c"))
        .withMessageContaining("does not match");
  }

  @Test
  void keepsEachEntryOnceInTheOrderFirstDeclared() {
    Vocabulary vocabulary = Vocabulary.of(List.of("/b", "/a", "/b"), List.of("y", "x", "y"));

    assertThat(vocabulary.restRoutes()).containsExactly("/b", "/a");
    assertThat(vocabulary.doctorChecks()).containsExactly("y", "x");
  }

  @Test
  void refusesMoreEntriesThanTheCaps() {
    List<String> routes = new ArrayList<>();
    for (int i = 0; i <= Vocabulary.MAX_ROUTES; i++) {
      routes.add("/r" + i);
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.of(routes, List.of()))
        .withMessageContaining("at most " + Vocabulary.MAX_ROUTES);
  }

  @Test
  void refusesNullEntries() {
    assertThatNullPointerException()
        .isThrownBy(() -> Vocabulary.of(Arrays.asList("/a", null), List.of()));
    assertThatNullPointerException().isThrownBy(() -> Vocabulary.of(List.of(), null));
  }

  @Test
  void declaringNothingIsTheEmptyVocabulary() {
    assertThat(Vocabulary.of(List.of(), List.of())).isSameAs(Vocabulary.empty());
    assertThat(Vocabulary.empty().restRoutes()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/ghp_0123456789abcdefghij",
        "/api/v1/{name}/glpat-abcdefghijklmnop",
        "/orders/since20261124",
        "/keys/k0123456789abcdef0123456789abcdef01",
        "/x/sk-proj-abcdefghijklmnop",
        "/hooks/xoxb-0123456789ab"
      })
  void refusesARouteTemplateShapedLikeATokenOrAnIdNamingIt(String template) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.requireRoute(template))
        .withMessageContaining("'" + template + "'")
        .withMessageContaining("token or an identifier");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghp_0123456789abcdefghij", "check_1234567", "hf_abcdefghijklmnop"})
  void refusesACheckNameShapedLikeATokenOrAnId(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vocabulary.requireCheck(name))
        .withMessageContaining("'" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/v1/npm_packages", "/api/disk-usage", "/api/v2/tasks", "/oauth2/callback"})
  void acceptsWordsThatMerelyContainATokenPrefix(String template) {
    assertThat(Vocabulary.requireRoute(template)).isEqualTo(template);
  }
}
