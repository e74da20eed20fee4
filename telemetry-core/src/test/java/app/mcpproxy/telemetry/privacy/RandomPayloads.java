package app.mcpproxy.telemetry.privacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates heartbeat-like JSON with Jackson: random structure and strings, random escaping of
 * ASCII characters, and, depending on a per-payload theme, injected paths and secret shapes (and
 * near misses of both), blocked values, broken {@code env_markers} and duplicated keys.
 */
final class RandomPayloads {

  private static final List<String> KEYS =
      List.of(
          "anonymous_id",
          "version",
          "edition",
          "os",
          "arch",
          "go_version",
          "server_count",
          "routing_mode",
          "timestamp",
          "surface_requests",
          "builtin_tool_calls",
          "rest_endpoint_calls",
          "GET /api/v1/servers/{id}",
          "UNMATCHED",
          "2xx",
          "4xx",
          "feature_flags",
          "oauth_provider_types",
          "error_category_counts",
          "docker_pull_failed",
          "doctor_checks",
          "pass",
          "fail",
          "activation",
          "mcp_clients_seen_ever",
          "launch_source",
          "autostart_enabled",
          "has_tty",
          "env_kind");
  private static final List<String> WORDS =
      List.of(
          "claude-code",
          "cursor",
          "vscode",
          "v0.25.1",
          "java17.0.15",
          "2025-11-24T15:31:00Z",
          "2025-11-24T15:31:00.5Z",
          "7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
          "GET /api/v1/servers",
          "ok",
          "",
          " ",
          "-",
          "a",
          "alic",
          "malice",
          "server-1",
          "dockerfile",
          "my tools",
          "home",
          "users");
  private static final List<String> PATHS =
      List.of(
          "/home/u",
          "/Users/u",
          "/root/x",
          "/var/folders/q",
          "C:\\Users\\x",
          "d:\\users\\",
          "/HOME/",
          "/homework/",
          "/home",
          "C:\\Program Files\\",
          "/var/folder/",
          "C:/Users",
          "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
          "sk-proj-Xk3uE9aQ2vT7bN1mR5wY8zL4",
          "alice@example.com",
          "a@b.c",
          "10.0.0.12",
          "1.2.3",
          "fe80::1ff:fe23:4567:890a",
          "15:31:00",
          "https://example.com",
          "\\\\fileserver\\share",
          "~/x",
          "$HOME/x",
          "%APPDATA%",
          "00:1a:2b:3c:4d:5e",
          "123456789012",
          "12345678",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0",
          "AKIAIOSFODNN7EXAMPLE",
          "xoxb-123456789012-abcdefABCDEF",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCY9xAmPLEkEY",
          "-----BEGIN");
  private static final String ALPHABET =
      "abcxyzABCXYZ0129 /\\\"&<>:_-.,{}[]'\u00e9\u00f6\u00df\u0416\u65e5\u212a\u017f\u0130";
  private static final String[] MARKERS = {
    "has_ci_env", "has_cloud_ide_env", "is_container", "has_tty", "has_display"
  };

  private final Random random;
  private final List<String> blocked;
  private final List<String> vocabulary;
  private final boolean asciiOnly;

  private int theme;

  RandomPayloads(long seed, List<String> blocked, Set<String> vocabulary, boolean asciiOnly) {
    this.random = new Random(seed);
    this.blocked = blocked;
    this.vocabulary = new ArrayList<>(vocabulary);
    this.vocabulary.sort(null);
    this.asciiOnly = asciiOnly;
  }

  byte[] next() {
    theme = random.nextInt(6);
    JsonFactory factory =
        JsonFactory.builder()
            .configure(JsonWriteFeature.ESCAPE_NON_ASCII, asciiOnly || random.nextBoolean())
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.setCharacterEscapes(new RandomEscapes(random));
      if (random.nextInt(4) == 0) {
        g.useDefaultPrettyPrinter();
      }
      writeObject(g, 0, 3 + random.nextInt(20));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private void writeObject(JsonGenerator g, int depth, int fields) throws IOException {
    g.writeStartObject();
    Set<String> used = new HashSet<>();
    List<String> order = new ArrayList<>();
    boolean envWritten = false;
    for (int f = 0; f < fields; f++) {
      String key;
      if ((theme == 4 || theme == 5) && !order.isEmpty() && chance(theme == 4 ? 8 : 2)) {
        key = order.get(random.nextInt(order.size()));
      } else {
        key = randomKey();
        if (!used.add(key)) {
          continue;
        }
      }
      order.add(key);
      if (key.equals("env_markers")) {
        envWritten = true;
      }
      g.writeFieldName(key);
      writeValue(g, depth + 1);
    }
    if (!envWritten && (theme == 3 || theme == 5 || depth > 0) && chance(60)) {
      g.writeFieldName("env_markers");
      writeEnvMarkers(g);
    }
    g.writeEndObject();
  }

  private String randomKey() {
    int pick = random.nextInt(100);
    if (pick < 70) {
      return KEYS.get(random.nextInt(KEYS.size()));
    }
    if (pick < 72) {
      return "env_markers";
    }
    return randomText();
  }

  private void writeValue(JsonGenerator g, int depth) throws IOException {
    int pick = random.nextInt(100);
    if (pick < 45) {
      g.writeString(randomText());
    } else if (pick < 60) {
      writeNumber(g);
    } else if (pick < 68) {
      g.writeBoolean(random.nextBoolean());
    } else if (pick < 72) {
      g.writeNull();
    } else if (pick < 86 && depth < 4) {
      writeObject(g, depth, random.nextInt(6));
    } else if (depth < 4) {
      g.writeStartArray();
      int items = random.nextInt(5);
      for (int i = 0; i < items; i++) {
        writeValue(g, depth + 1);
      }
      g.writeEndArray();
    } else {
      g.writeString(randomText());
    }
  }

  private void writeNumber(JsonGenerator g) throws IOException {
    switch (random.nextInt(4)) {
      case 0:
        g.writeNumber(random.nextInt(1000));
        break;
      case 1:
        g.writeNumber(-random.nextLong());
        break;
      case 2:
        g.writeNumber(random.nextDouble() * 1e6);
        break;
      default:
        g.writeNumber(random.nextGaussian() * 1e-20);
        break;
    }
  }

  private void writeEnvMarkers(JsonGenerator g) throws IOException {
    int shape = theme == 3 ? random.nextInt(8) : (chance(80) ? 0 : random.nextInt(8));
    switch (shape) {
      case 5:
        g.writeNull();
        return;
      case 6:
        g.writeString("true");
        return;
      case 7:
        g.writeStartArray();
        g.writeBoolean(true);
        g.writeEndArray();
        return;
      default:
        break;
    }
    List<String> keys = new ArrayList<>(List.of(MARKERS));
    java.util.Collections.shuffle(keys, random);
    if (shape == 1) {
      keys.remove(random.nextInt(keys.size()));
    }
    if (shape == 2) {
      keys.add(random.nextInt(keys.size() + 1), random.nextBoolean() ? "has_gpu" : "HAS_TTY");
    }
    int broken = shape == 3 ? random.nextInt(keys.size()) : -1;
    g.writeStartObject();
    for (int k = 0; k < keys.size(); k++) {
      g.writeFieldName(keys.get(k));
      if (k != broken) {
        g.writeBoolean(random.nextBoolean());
      } else {
        switch (random.nextInt(4)) {
          case 0:
            g.writeNull();
            break;
          case 1:
            g.writeString("true");
            break;
          case 2:
            g.writeNumber(1);
            break;
          default:
            g.writeStartObject();
            g.writeEndObject();
            break;
        }
      }
    }
    if (shape == 4) {
      g.writeFieldName("extra");
      g.writeStartObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private String randomText() {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(3);
    for (int p = 0; p < pieces; p++) {
      int pick = random.nextInt(100);
      if ((theme == 1 || theme == 5) && pick < (theme == 1 ? 6 : 2)) {
        text.append(randomCase(blocked.get(random.nextInt(blocked.size()))));
      } else if ((theme == 2 || theme == 5) && pick < (theme == 2 ? 9 : 4)) {
        text.append(PATHS.get(random.nextInt(PATHS.size())));
      } else if (pick < 40) {
        text.append(vocabulary.get(random.nextInt(vocabulary.size())));
      } else if (pick < 65) {
        text.append(WORDS.get(random.nextInt(WORDS.size())));
      } else {
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
          text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        if (chance(10)) {
          text.appendCodePoint(0x1F600);
        }
      }
    }
    return text.toString();
  }

  private String randomCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  /**
   * Escapes a random tenth of the ASCII characters as <code>&#92;u00XX</code>, maybe slashes too.
   */
  private static final class RandomEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final SerializableString ESCAPED_SLASH = new SerializedString("\\/");

    private final int[] table;

    RandomEscapes(Random random) {
      table = CharacterEscapes.standardAsciiEscapesForJSON();
      for (int c = 0x20; c < 0x80; c++) {
        if (table[c] == 0 && random.nextInt(10) == 0) {
          table[c] = CharacterEscapes.ESCAPE_STANDARD;
        }
      }
      if (random.nextBoolean()) {
        table['/'] = CharacterEscapes.ESCAPE_CUSTOM;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == '/' ? ESCAPED_SLASH : null;
    }
  }
}
