package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.collector.CollectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path dataDir;

  private final SecureRandom random = new SecureRandom();

  @Test
  void generatesATokenReadableByItsOwnerOnly() throws IOException {
    AdminToken token = AdminToken.load(Optional.empty(), dataDir, random);

    Path file = dataDir.resolve(CollectorOptions.GENERATED_TOKEN_FILE);
    assertThat(token.generated()).isTrue();
    assertThat(token.file()).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file).trim()).hasSize(43);
    assertThat(token.admits("Bearer " + Files.readString(file).trim())).isTrue();
  }

  @Test
  void reusesTheGeneratedTokenOnTheNextStart() throws IOException {
    AdminToken first = AdminToken.load(Optional.empty(), dataDir, random);
    String secret = Files.readString(first.file()).trim();

    AdminToken second = AdminToken.load(Optional.empty(), dataDir, random);

    assertThat(second.generated()).isFalse();
    assertThat(second.admits("Bearer " + secret)).isTrue();
  }

  @Test
  void readsAConfiguredTokenFile() throws IOException {
    Path file = Files.writeString(dataDir.resolve("token"), "  s3cret-token-for-tests \n");

    AdminToken token = AdminToken.load(Optional.of(file), dataDir, random);

    assertThat(token.generated()).isFalse();
    assertThat(token.admits("Bearer s3cret-token-for-tests")).isTrue();
    assertThat(token.admits("bearer s3cret-token-for-tests")).isTrue();
    assertThat(Files.exists(dataDir.resolve(CollectorOptions.GENERATED_TOKEN_FILE))).isFalse();
  }

  @Test
  void refusesEverythingButTheExactBearerToken() throws IOException {
    Path file = Files.writeString(dataDir.resolve("token"), "s3cret-token-for-tests");
    AdminToken token = AdminToken.load(Optional.of(file), dataDir, random);

    assertThat(token.admits(null)).isFalse();
    assertThat(token.admits("")).isFalse();
    assertThat(token.admits("s3cret-token-for-tests")).isFalse();
    assertThat(token.admits("Basic s3cret-token-for-tests")).isFalse();
    assertThat(token.admits("Bearer s3cret-token-for-test")).isFalse();
    assertThat(token.admits("Bearer s3cret-token-for-testss")).isFalse();
  }

  @Test
  void refusesAShortConfiguredToken() throws IOException {
    Path file = Files.writeString(dataDir.resolve("token"), "short");

    assertThatThrownBy(() -> AdminToken.load(Optional.of(file), dataDir, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("at least 16");
  }

  @Test
  void refusesAMissingConfiguredTokenFile() {
    Path missing = dataDir.resolve("nope");

    assertThatThrownBy(() -> AdminToken.load(Optional.of(missing), dataDir, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }
}
