package app.mcpproxy.telemetry.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthProvidersTest {

  @Nested
  class Classify {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
      "https://github.com/login/oauth, github",
      "https://api.github.com/mcp, github",
      "https://raw.githubusercontent.com/x, github",
      "https://api.githubcopilot.com/mcp/, github",
      "HTTPS://API.GITHUB.COM/MCP, github",
      "https://github.com:443/mcp, github",
      "https://github.com./mcp, github",
      "https://user:pass@api.github.com/mcp, github",
      "https://my_team.github.com/mcp, github",
      "https://accounts.google.com/o/oauth2, google",
      "https://www.googleapis.com/auth, google",
      "https://x.googleusercontent.com/, google",
      "https://login.microsoftonline.com/tenant/v2.0, microsoft",
      "https://graph.microsoft.com/v1.0, microsoft",
      "https://myapp.azurewebsites.net/mcp, microsoft",
      "https://management.azure.com/, microsoft",
      "http://localhost:8080/mcp, generic",
      "https://mcp.example.com/oauth, generic",
    })
    void classifiesByHostDomain(String url, String expected) {
      assertThat(OAuthProviders.classify(url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → generic")
    @ValueSource(
        strings = {
          "https://github.com.attacker.example/",
          "https://evilgithub.com/",
          "https://notgoogle.com/",
          "https://azure.com.evil.example/",
          "https://github.com@evil.example/",
          "https://evil.example/github.com",
          "https://evil.example/?redirect=https://github.com",
          "https://evil.example/#github.com",
          "https://evil.example:443@github.evil/",
          "https://140.82.112.3/mcp",
          "https://[2606:50c0:8000::153]/mcp",
          "https://[::1]:8080/",
          "github.com",
          "api.github.com/mcp",
          "mailto:someone@github.com",
          "https://github.com/path with spaces",
          "https://github.com\\@evil.example/",
          "::not a url::",
        })
    void classifiesEverythingElseAsGeneric(String url) {
      assertThat(OAuthProviders.classify(url)).isEqualTo("generic");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingUrlIsGeneric(String url) {
      assertThat(OAuthProviders.classify(url)).isEqualTo("generic");
    }
  }

  @Nested
  class Sorted {
    @Test
    void sortsAndDeduplicates() {
      assertThat(OAuthProviders.sorted(List.of("microsoft", "generic", "github", "generic")))
          .containsExactly("generic", "github", "microsoft");
    }

    @Test
    void emptyOrNullGivesAnEmptyList() {
      assertThat(OAuthProviders.sorted(List.of())).isEmpty();
      assertThat(OAuthProviders.sorted(null)).isEmpty();
    }

    @Test
    void rejectsNullElements() {
      assertThatThrownBy(() -> OAuthProviders.sorted(Arrays.asList("github", null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("must not be null");
    }
  }
}
