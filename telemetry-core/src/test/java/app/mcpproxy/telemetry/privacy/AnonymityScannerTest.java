package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.privacy.AnonymityViolation.Rule;
import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymityScannerTest {

  private static byte[] fullHeartbeat() {
    return HeartbeatFixture.json(HeartbeatFixture.everyWireValue().build());
  }

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static final AnonymityScanner PLAIN = new AnonymityScanner(BlockedValues.none());

  /** Host {@code Alice-MBP.local}, home {@code /Users/alice}, a GitHub token. */
  private static final AnonymityScanner ALICE =
      new AnonymityScanner(
          BlockedValues.fromProcess(
              Optional.of("Alice-MBP.local"),
              Optional.of(Path.of("/Users/alice")),
              Map.of("GITHUB_TOKEN", "ghp_Secret123", "PATH", "/usr/bin")));

  /** Turns single quotes into double quotes, so JSON reads well in Java source. */
  private static byte[] json(String singleQuoted) {
    return utf8(singleQuoted.replace('\'', '"'));
  }

  /** A one-field object whose value is the given raw JSON string content. */
  private static byte[] valueJson(String rawStringContent) {
    return utf8("{\"field\":\"" + rawStringContent + "\"}");
  }

  private static Optional<Rule> rule(AnonymityScanner scanner, byte[] payload) {
    return scanner.scan(payload).map(AnonymityViolation::rule);
  }

  @Test
  void fullyPopulatedHeartbeatPasses() {
    assertThat(ALICE.scan(fullHeartbeat())).isEmpty();
    assertThat(PLAIN.scan(fullHeartbeat())).isEmpty();
  }

  @Test
  void blockedPrefixesAreTheFiveReportedForms() {
    assertThat(AnonymityScanner.blockedPrefixes())
        .containsExactly("/Users/", "/home/", "/root/", "/var/folders/", "C:\\Users\\");
  }

  @Test
  void scanRejectsNull() {
    assertThatThrownBy(() -> PLAIN.scan(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("utf8Json");
  }

  @Test
  void scanDoesNotModifyTheInput() {
    byte[] payload = valueJson("\\/home\\/bob");
    byte[] copy = payload.clone();
    PLAIN.scan(payload);
    assertThat(payload).isEqualTo(copy);
  }

  @Test
  void scannerIsSafeToShareBetweenThreads() throws Exception {
    List<byte[]> payloads =
        List.of(
            fullHeartbeat(),
            valueJson("\\u002fhome\\u002fbob"),
            valueJson("alice"),
            json("{'a':1,'a':2}"));
    List<Optional<Rule>> expected = new ArrayList<>();
    payloads.forEach(p -> expected.add(rule(ALICE, p)));
    List<Boolean> agreed =
        Concurrently.call(
            8,
            thread -> {
              for (int round = 0; round < 200; round++) {
                for (int i = 0; i < payloads.size(); i++) {
                  if (!rule(ALICE, payloads.get(i)).equals(expected.get(i))) {
                    return false;
                  }
                }
              }
              return true;
            });
    assertThat(agreed).containsOnly(true);
    assertThat(expected)
        .containsExactly(
            Optional.empty(),
            Optional.of(Rule.BLOCKED_PREFIX),
            Optional.of(Rule.BLOCKED_VALUE),
            Optional.of(Rule.MALFORMED_PAYLOAD));
  }

  @Nested
  class BlockedPrefix {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "/Users/alice/Library          | /Users/",
          "/home/bob/.config             | /home/",
          "/root/.ssh                    | /root/",
          "/var/folders/xy/T/tmp1        | /var/folders/",
          "error reading /home/bob/x     | /home/",
          "\\/home\\/bob                   | /home/",
          "\\/Users\\/alice                | /Users/",
          "\\u002fUsers\\u002falice        | /Users/",
          "\\u002FUSERS\\u002F             | /Users/",
          "/ho\\u006de/bob                | /home/",
          "\\u002f\\u0072oot\\u002f        | /root/",
          "/var\\/folders\\/x             | /var/folders/",
          "/USERS/alice                  | /Users/",
          "/Home/bob                     | /home/",
          "C:\\\\Users\\\\alice             | C:\\Users\\",
          "c:\\\\users\\\\alice             | C:\\Users\\",
          "D:\\\\USERS\\\\x                 | C:\\Users\\",
          "z:\\\\UsErS\\\\                  | C:\\Users\\",
          "C:\\u005cUsers\\u005calice       | C:\\Users\\",
          "C\\u003a\\\\Users\\\\alice        | C:\\Users\\",
          "see C:\\\\Users\\\\alice\\\\x       | C:\\Users\\",
          "path=/home/bob                | /home/",
          "HOME:/home/bob                | /home/",
          "'/home/bob'                   | /home/",
          "\\\"/root/x\\\"                  | /root/",
          "a,/var/folders/x              | /var/folders/",
          "(C:\\\\Users\\\\x)              | C:\\Users\\",
        })
    void isFoundInPlainAndEscapedForms(String raw, String pattern) {
      Optional<AnonymityViolation> violation = PLAIN.scan(valueJson(raw));
      assertThat(violation).isPresent();
      assertThat(violation.get().rule()).isEqualTo(Rule.BLOCKED_PREFIX);
      assertThat(violation.get().pattern()).isEqualTo(pattern);
      assertThat(violation.get().rule().wireName()).isEqualTo("blocked_prefix");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "/homework/",
          "/home",
          "home/bob",
          "/rooted/",
          "/var/folder/x",
          "/Users",
          "C:Users\\\\",
          "1:\\\\Users\\\\",
          "/ho\\\\me/",
          "/api/v1/servers/{id}/tools",
          "GET /api/v1/users",
          "/api/v1/users/{id}",
          "GET /api/v1/users/{id}/keys",
          "/ui/home/",
          "/api/v1/tree/root/children",
          "POST /v2/Users/{name}",
          "\\ud83d\\ude00/home/bob",
          "é/home/bob",
          "\\\\/home/",
          "abc/var/folders/x",
          "\\/hom\\/e/"
        })
    void nearMissesAndRouteSegmentsPass(String raw) {
      assertThat(PLAIN.scan(valueJson(raw))).isEmpty();
    }

    @Test
    void isFoundInKeys() {
      Optional<AnonymityViolation> violation = PLAIN.scan(json("{'x':{'/home/bob':1}}"));
      assertThat(violation).map(AnonymityViolation::pattern).contains("/home/");
      assertThat(violation.get().reason()).contains("key");
      assertThat(rule(PLAIN, json("{'C:\\\\Users\\\\bob':1}"))).contains(Rule.BLOCKED_PREFIX);
    }

    @Test
    void isFoundAnywhereInNestedArraysAndObjects() {
      byte[] payload = json("{'a':[1,{'b':[true,null,'x','/var/folders/ab']}],'c':'ok'}");
      assertThat(PLAIN.scan(payload)).map(AnonymityViolation::pattern).contains("/var/folders/");
    }

    @Test
    void reportsTheFirstPrefixInDocumentOrder() {
      byte[] payload = json("{'a':'/root/x /home/y','b':'/Users/z'}");
      assertThat(PLAIN.scan(payload)).map(AnonymityViolation::pattern).contains("/root/");
    }

    @Test
    void violationNeverCarriesThePath() {
      AnonymityViolation violation = PLAIN.scan(valueJson("/home/secretuser/x")).orElseThrow();
      assertThat(violation.message()).doesNotContain("secretuser");
    }
  }

  @Nested
  class BlockedValue {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "alice                  | home_dir_basename",
          "ALICE                  | home_dir_basename",
          "hello alice            | home_dir_basename",
          "alice.                 | home_dir_basename",
          "(alice)                | home_dir_basename",
          "_alice_                | home_dir_basename",
          "alice-laptop           | home_dir_basename",
          "Alice-MBP              | hostname",
          "alice-mbp.local        | hostname",
          "at alice-mbp.LOCAL now | hostname",
          "token ghp_Secret123    | GITHUB_TOKEN",
          "GHP_SECRET123          | GITHUB_TOKEN",
          "\\u0061lice            | home_dir_basename",
          "al\\u0069ce            | home_dir_basename",
          "\\u0041LICE            | home_dir_basename",
          "alice\\u0021           | home_dir_basename",
          "alice\\n               | home_dir_basename",
          "ö alice                | home_dir_basename",
          "日本 alice             | home_dir_basename",
          "\\ud83d\\ude00alice    | home_dir_basename",
        })
    void isFoundInStringValuesAtTokenBoundaries(String raw, String source) {
      Optional<AnonymityViolation> violation = ALICE.scan(valueJson(raw));
      assertThat(violation).isPresent();
      assertThat(violation.get().rule()).isEqualTo(Rule.BLOCKED_VALUE);
      assertThat(violation.get().pattern()).isEqualTo(source);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "malice",
          "alices",
          "alice2",
          "2alice",
          "xalice-mbp",
          "aliceé",
          "éalice",
          "alice\\u00e9",
          "\\u00e9alice",
          "alic",
          "ghp_Secret12",
          "ghp_Secret1234",
          "ali ce",
        })
    void isNotFoundInsideLongerWords(String raw) {
      assertThat(ALICE.scan(valueJson(raw))).isEmpty();
    }

    @Test
    void keysMatchToo() {
      assertThat(ALICE.scan(json("{'x':{'GET /api/v1/alice/tools':{'2xx':1}}}")))
          .map(AnonymityViolation::pattern)
          .contains("home_dir_basename");
      assertThat(ALICE.scan(json("{'doctor_checks':{'alice-mbp':{'pass':1}}}")))
          .map(AnonymityViolation::pattern)
          .contains("hostname");
      assertThat(ALICE.scan(json("{'x':{'ghp_Secret123':2}}")))
          .map(AnonymityViolation::pattern)
          .contains("GITHUB_TOKEN");
      assertThat(ALICE.scan(json("{'x':{'malice':2,'al\\u0069ce':1}}")))
          .map(AnonymityViolation::pattern)
          .contains("home_dir_basename");
    }

    @Test
    void fixedKeysNeverMatch() {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(
                  Optional.of("has-tty"), Optional.of(Path.of("/home/docker")), Map.of()));
      assertThat(scanner.scan(json("{'feature_flags':{'docker_available':true}}"))).isEmpty();
      assertThat(scanner.scan(fullHeartbeat())).isEmpty();
    }

    @Test
    void violationNeverCarriesTheValue() {
      AnonymityViolation violation = ALICE.scan(valueJson("ghp_Secret123")).orElseThrow();
      assertThat(violation.message()).doesNotContainIgnoringCase("ghp_secret123");
      assertThat(violation.pattern()).isEqualTo("GITHUB_TOKEN");
    }

    @Test
    void hostNamedLikeTheEditionDoesNotBlockTheHeartbeat() {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(Optional.of("server"), Optional.empty(), Map.of()));
      assertThat(scanner.scan(json("{'edition':'server'}"))).isEmpty();
      assertThat(scanner.scan(fullHeartbeat())).isEmpty();
      assertThat(scanner.scan(json("{'note':'server-1'}"))).isEmpty();
      assertThat(rule(scanner, json("{'edition':'Server'}"))).contains(Rule.BLOCKED_VALUE);
    }

    @Test
    void userNamedDockerDoesNotBlockErrorCategories() {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(
                  Optional.empty(), Optional.of(Path.of("/home/docker")), Map.of()));
      assertThat(scanner.scan(json("{'error_category_counts':{'docker_pull_failed':2}}")))
          .isEmpty();
      assertThat(scanner.scan(json("{'x':'docker_pull_failed'}"))).isEmpty();
      assertThat(scanner.scan(json("{'x':'dockerfile','y':'mydocker'}"))).isEmpty();
      assertThat(rule(scanner, json("{'x':'docker'}"))).contains(Rule.BLOCKED_VALUE);
      assertThat(scanner.scan(fullHeartbeat())).isEmpty();
    }

    @Test
    void userNamedToolsDoesNotBlockRoutingMode() {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(
                  Optional.empty(), Optional.of(Path.of("/home/tools")), Map.of()));
      assertThat(scanner.scan(json("{'routing_mode':'retrieve_tools'}"))).isEmpty();
      assertThat(scanner.scan(fullHeartbeat())).isEmpty();
      assertThat(scanner.scan(json("{'x':'my tools'}"))).isEmpty();
      assertThat(rule(scanner, json("{'x':'TOOLS'}"))).contains(Rule.BLOCKED_VALUE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "t0k&en<x>\\\"q\\\\z",
          "t0k\\u0026en\\u003cx\\u003e\\u0022q\\u005cz",
          "pre t0k&en<x>\\\"q\\\\z post",
        })
    void valuesWithHtmlAndJsonSpecialCharactersAreFoundAfterDecoding(String raw) {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(
                  Optional.empty(), Optional.empty(), Map.of("OPENAI_API_KEY", "t0k&en<x>\"q\\z")));
      assertThat(scanner.scan(valueJson(raw)))
          .map(AnonymityViolation::pattern)
          .contains("OPENAI_API_KEY");
    }

    @Test
    void nonAsciiValuesMatchIgnoringCase() {
      AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(List.of("Jürgen")));
      assertThat(rule(scanner, valueJson("JÜRGEN"))).contains(Rule.BLOCKED_VALUE);
      assertThat(rule(scanner, valueJson("j\\u00fcrgen"))).contains(Rule.BLOCKED_VALUE);
      assertThat(scanner.scan(valueJson("jürgens"))).isEmpty();
      assertThat(scanner.scan(valueJson("jurgen"))).isEmpty();
    }

    @Test
    void kelvinSignFoldsLikeStringRegionMatches() {
      AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(List.of("\u212Aate")));
      assertThat(rule(scanner, valueJson("kate"))).contains(Rule.BLOCKED_VALUE);
      assertThat(rule(scanner, valueJson("KATE"))).contains(Rule.BLOCKED_VALUE);
    }

    @Test
    void valuesShorterThanThreeCharactersMatchOnlyWholeStrings() {
      AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(List.of("ab", " x ")));
      assertThat(scanner.scan(valueJson("ab x"))).isEmpty();
      assertThat(scanner.scan(json("{'ab-1':{'x y':1}}"))).isEmpty();
      assertThat(scanner.scan(valueJson("AB")))
          .map(AnonymityViolation::pattern)
          .contains("value_1");
      assertThat(scanner.scan(json("{'x':{'x':1}}")))
          .map(AnonymityViolation::pattern)
          .contains("value_2");
    }

    @Test
    void commonWordsMatchOnlyWholeStrings() {
      AnonymityScanner scanner =
          new AnonymityScanner(
              BlockedValues.fromProcess(
                  Optional.of("dev"), Optional.of(Path.of("/home/admin")), Map.of()));
      assertThat(scanner.scan(valueJson("v1.4.2-dev"))).isEmpty();
      assertThat(scanner.scan(json("{'x':{'GET /api/v1/admin/users':{'2xx':1}}}"))).isEmpty();
      assertThat(scanner.scan(valueJson("Dev")))
          .map(AnonymityViolation::pattern)
          .contains("hostname");
      assertThat(scanner.scan(valueJson("admin")))
          .map(AnonymityViolation::pattern)
          .contains("home_dir_basename");
    }

    @Test
    void valueStartingWithSlashStillFindsPrefixes() {
      AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(List.of("/opt/app")));
      assertThat(rule(scanner, valueJson("/opt/app"))).contains(Rule.BLOCKED_VALUE);
      assertThat(rule(scanner, valueJson("/home/x"))).contains(Rule.BLOCKED_PREFIX);
    }

    @Test
    void reportsTheFirstValueInDocumentOrder() {
      byte[] payload = json("{'a':'ghp_Secret123','b':'alice'}");
      assertThat(ALICE.scan(payload)).map(AnonymityViolation::pattern).contains("GITHUB_TOKEN");
    }

    @Test
    void aValueSpanningTheEndOfAStringDoesNotMatch() {
      AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(List.of("ab\",\"c")));
      assertThat(scanner.scan(json("{'x':'ab','y':'c'}"))).isEmpty();
      assertThat(scanner.scan(json("{'x':['ab','c']}"))).isEmpty();
      assertThat(rule(scanner, valueJson("ab\\\",\\\"c"))).contains(Rule.BLOCKED_VALUE);
    }
  }

  @Nested
  class GeneratedValue {
    /** Blocked values that look like parts of ids and times, and one whole id. */
    private final AnonymityScanner scanner =
        new AnonymityScanner(
            BlockedValues.of(
                List.of(
                    "cafe",
                    "beef",
                    "0b7c6e58",
                    "2f4d5b6c7d8e",
                    "2026",
                    "15:31",
                    "48Z",
                    "7c9e6679-7425-40de-944b-e07fc1f90ae7")));

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "0b7c6e58-cafe-4c1a-beef-2f4d5b6c7d8e",
          "0B7C6E58-CAFE-4C1A-BEEF-2F4D5B6C7D8E",
          "0b7c6e58-CaFe-4c1a-bEEf-2F4D5b6c7d8e",
          "0b7c6e58-\u0063afe-4c1a-beef-2f4d5b6c7d8e",
          "2026-11-24T15:31:48Z",
          "2026-01-01T00:00:00Z",
          "2026\u002d11-24T15:31:48Z",
        })
    void partsOfAnIdOrATimestampDoNotCount(String raw) {
      assertThat(scanner.scan(valueJson(raw))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "7c9e6679-7425-40de-944b-e07fc1f90ae7         | value_8",
          "7C9E6679-7425-40DE-944B-E07FC1F90AE7         | value_8",
          "7c9e6679-7425-40de-944b-\u0065\u00307fc1f90ae7 | value_8",
        })
    void aWholeIdThatIsBlockedCounts(String raw, String source) {
      assertThat(scanner.scan(valueJson(raw))).map(AnonymityViolation::pattern).contains(source);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "id 0b7c6e58-cafe-4c1a-beef-2f4d5b6c7d8e    | value_3",
          "0b7c6e58-cafe-4c1a-beef-2f4d5b6c7d8e.      | value_3",
          "0b7c6e58-cafe-4c1a-beef-2f4d5b6c7d8        | value_3",
          "0b7c6e58-cafe-4c1a-beef-2f4d5b6c7d8e-0     | value_3",
          "0b7c6e58_cafe-4c1a-beef-2f4d5b6c7d8e       | value_3",
          "0b7c6e58-cafe-4c1a-beeg-2f4d5b6c7d8e       | value_3",
          "2026-11-24T15:31:48.123Z                   | value_5",
          "2026-11-24T15:31:48+01:00                  | value_5",
          "2026-11-24 15:31:48Z                       | value_5",
          "at 2026-11-24T15:31:48Z                    | value_5",
          "15:31                                      | value_6",
          "cafe                                       | value_1",
        })
    void otherValuesStillMatchAtTokenBoundaries(String raw, String source) {
      assertThat(scanner.scan(valueJson(raw))).map(AnonymityViolation::pattern).contains(source);
    }

    @Test
    void aHeartbeatWhoseIdHoldsTheHostNameStillPasses() {
      AnonymityScanner cafe =
          new AnonymityScanner(
              BlockedValues.fromProcess(Optional.of("cafe"), Optional.empty(), Map.of()));
      String id = "'anonymous_id':'0b7c6e58-cafe-4c1a-9a7e-2f4d5b6c7d8e'";

      assertThat(cafe.scan(json("{" + id + ",'timestamp':'2026-11-24T15:31:48Z'}"))).isEmpty();
      assertThat(rule(cafe, json("{" + id + ",'note':'Cafe'}"))).contains(Rule.BLOCKED_VALUE);
    }
  }

  @Nested
  class MalformedPayload {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        value = {
          "``                               | unexpected_end",
          "`   `                            | unexpected_end",
          "{                                | unexpected_end",
          "{'a':1                           | unexpected_end",
          "{'a':                            | unexpected_end",
          "{'a'                             | unexpected_end",
          "{'a':'x                          | unterminated_string",
          "{'a':1,}                         | unexpected_character",
          "{'a':[1,]}                       | unexpected_character",
          "{'a':[,1]}                       | unexpected_character",
          "{,'a':1}                         | unexpected_character",
          "{'a':1}x                         | trailing_data",
          "{'a':1}{}                        | trailing_data",
          "{'a':1},                         | trailing_data",
          "[]                               | top_level_not_object",
          "[{'a':1}]                        | top_level_not_object",
          "'str'                            | top_level_not_object",
          "42                               | top_level_not_object",
          "true                             | top_level_not_object",
          "null                             | top_level_not_object",
          "{'a':1,'a':2}                    | duplicate_key",
          "{'o':{'k':1,'j':2,'k':3}}        | duplicate_key",
          "{'l':[{'k':1},{'k':1,'k':2}]}    | duplicate_key",
          "{'a':1,'\\u0061':2}              | duplicate_key",
          "{'é':1,'\\u00e9':2}              | duplicate_key",
          "{'\\/':1,'/':2}                  | duplicate_key",
          "{'a':'\\x'}                      | invalid_escape",
          "{'a':'\\u12'}                    | invalid_escape",
          "{'a':'\\u12G4'}                  | invalid_escape",
          "{'a':'\\\\''}                    | unexpected_character",
          "{'a':'\\ud800'}                  | lone_surrogate",
          "{'a':'\\udc00'}                  | lone_surrogate",
          "{'a':'\\ud800\\u0041'}           | lone_surrogate",
          "{'a':'\\ud800\\n'}               | lone_surrogate",
          "{'a':01}                         | unexpected_character",
          "{'a':1.}                         | invalid_number",
          "{'a':.5}                         | unexpected_character",
          "{'a':+1}                         | unexpected_character",
          "{'a':-}                          | invalid_number",
          "{'a':1e}                         | invalid_number",
          "{'a':1e+}                        | invalid_number",
          "{'a':NaN}                        | unexpected_character",
          "{'a':Infinity}                   | unexpected_character",
          "{'a':-Infinity}                  | invalid_number",
          "{'a':0x10}                       | unexpected_character",
          "{'a':tru}                        | invalid_literal",
          "{'a':True}                       | unexpected_character",
          "{'a':nul}                        | invalid_literal",
          "{'a':undefined}                  | unexpected_character",
          "{/*c*/'a':1}                     | unexpected_character",
          "{'a':1}//c                       | trailing_data",
          "{a:1}                            | unexpected_character",
          "{'a' 1}                          | unexpected_character",
          "{'a':1 'b':2}                    | unexpected_character",
          "{'a':1]                          | unexpected_character",
          "{'a':[1}                         | unexpected_character",
        })
    void isReportedWithItsCode(String singleQuoted, String code) {
      Optional<AnonymityViolation> violation = PLAIN.scan(json(singleQuoted));
      assertThat(violation).isPresent();
      assertThat(violation.get().rule()).isEqualTo(Rule.MALFORMED_PAYLOAD);
      assertThat(violation.get().pattern()).isEqualTo(code);
      assertThat(violation.get().rule().wireName()).isEqualTo("malformed_payload");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "{}",
          " \t\r\n{ } \n",
          "{'a':[]}",
          "{'a':{}}",
          "{'a':[{},[],{'b':[[]]}]}",
          "{'a':-0,'b':0.5,'c':1E+10,'d':-1.25e-3,'e':123456789012345678901234567890}",
          "{'a':true,'b':false,'c':null}",
          "{'k':{'k':1},'x':{'k':2}}",
          "{'a':'\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\uFFFF'}",
          "{'a':'\\ud83d\\ude00'}",
          "{'a':'😀 é 日本 \u007f'}",
          "{'':1,' ':2}",
        })
    void strictJsonPasses(String singleQuoted) {
      assertThat(PLAIN.scan(json(singleQuoted))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "22 0a 22", // raw newline in a string
          "22 09 22", // raw tab
          "22 c0 80 22", // overlong NUL
          "22 c1 bf 22", // overlong
          "22 e0 80 80 22", // overlong three-byte
          "22 ed a0 80 22", // encoded surrogate
          "22 f4 90 80 80 22", // above U+10FFFF
          "22 f5 80 80 80 22", // invalid lead byte
          "22 80 22", // lone continuation byte
          "22 e2 82 22", // cut-off sequence
          "22 fe 22", // never valid
          "c3 a9", // non-ASCII outside a string
        })
    void controlCharactersAndInvalidUtf8AreMalformed(String hexValue) {
      byte[] value = hex(hexValue);
      for (byte[] payload :
          List.of(concat(json("{'v':"), value, json("}")), concat(json("{"), value, json(":1}")))) {
        assertThat(rule(PLAIN, payload)).contains(Rule.MALFORMED_PAYLOAD);
        assertThat(rule(ALICE, payload)).contains(Rule.MALFORMED_PAYLOAD);
      }
    }

    @Test
    void escapedApostropheIsAnInvalidEscape() {
      assertThat(PLAIN.scan(utf8("{\"a\":\"\\'\"}")))
          .map(AnonymityViolation::pattern)
          .contains("invalid_escape");
    }

    @Test
    void byteOrderMarkIsMalformed() {
      assertThat(rule(PLAIN, concat(hex("ef bb bf"), json("{}")))).contains(Rule.MALFORMED_PAYLOAD);
    }

    @Test
    void deepNestingIsMalformedWithoutOverflowingTheStack() {
      String deep = "{'a':" + "[".repeat(1_000_000);
      assertThat(PLAIN.scan(json(deep)))
          .map(AnonymityViolation::pattern)
          .contains("nesting_too_deep");
      String deepObjects = "{'a':".repeat(500_000);
      assertThat(PLAIN.scan(json(deepObjects)))
          .map(AnonymityViolation::pattern)
          .contains("nesting_too_deep");
    }

    @Test
    void nestingUpToTheLimitIsAllowed() {
      int arrays = PayloadScan.MAX_DEPTH - 1;
      String atLimit = "{'a':" + "[".repeat(arrays) + "]".repeat(arrays) + "}";
      assertThat(PLAIN.scan(json(atLimit))).isEmpty();
      String overLimit = "{'a':" + "[".repeat(arrays + 1) + "]".repeat(arrays + 1) + "}";
      assertThat(PLAIN.scan(json(overLimit)))
          .map(AnonymityViolation::pattern)
          .contains("nesting_too_deep");
    }

    @Test
    void largeObjectsAreCheckedForDuplicatesAtEveryPosition() {
      StringBuilder unique = new StringBuilder("{");
      for (int i = 0; i < 20_000; i++) {
        unique.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":").append(i);
      }
      assertThat(PLAIN.scan(utf8(unique + "}"))).isEmpty();
      assertThat(PLAIN.scan(utf8(unique + ",\"key19999\":0}")))
          .map(AnonymityViolation::pattern)
          .contains("duplicate_key");
      assertThat(PLAIN.scan(utf8(unique + ",\"key\\u0031\":0}")))
          .map(AnonymityViolation::pattern)
          .contains("duplicate_key");
    }

    @Test
    void reasonNamesTheOffsetButNoContent() {
      AnonymityViolation violation = PLAIN.scan(json("{'secret':1,'secret':2}")).orElseThrow();
      assertThat(violation.reason()).contains("byte 12").doesNotContain("secret");
    }
  }

  @Nested
  class EnvMarkersNonBool {

    private static final String VALID =
        "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,"
            + "'has_tty':true,'has_display':false";

    @Test
    void fiveBooleansPass() {
      assertThat(PLAIN.scan(json("{'env_markers':{" + VALID + "}}"))).isEmpty();
      assertThat(
              PLAIN.scan(
                  json(
                      "{ 'env_markers' : { 'has_display':true , 'has_tty':false,"
                          + " 'is_container':false, 'has_cloud_ide_env':true,"
                          + " 'has_ci_env':true } }")))
          .isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "'has_ci_env':'true','has_cloud_ide_env':false,'is_container':true,'has_tty':true,'has_display':false | has_ci_env",
          "'has_ci_env':false,'has_cloud_ide_env':1,'is_container':true,'has_tty':true,'has_display':false | has_cloud_ide_env",
          "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':null,'has_tty':true,'has_display':false | is_container",
          "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,'has_tty':{},'has_display':false | has_tty",
          "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,'has_tty':true,'has_display':[true] | has_display",
          "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,'has_tty':true | has_display",
          "'has_cloud_ide_env':false,'is_container':true,'has_tty':true,'has_display':false | has_ci_env",
          "| has_ci_env",
          "'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,'has_tty':true,'has_display':false,'hostname':false | env_markers",
          "'HAS_TTY':true,'has_ci_env':false,'has_cloud_ide_env':false,'is_container':true,'has_tty':true,'has_display':false | env_markers",
        })
    void nonBooleanMissingOrExtraMarkersAreViolations(String members, String pattern) {
      String body = members == null ? "" : members;
      Optional<AnonymityViolation> violation =
          PLAIN.scan(json("{'version':'v1.0.0','env_markers':{" + body + "},'os':'linux'}"));
      assertThat(violation).isPresent();
      assertThat(violation.get().rule()).isEqualTo(Rule.ENV_MARKERS_NON_BOOL);
      assertThat(violation.get().pattern()).isEqualTo(pattern);
      assertThat(violation.get().rule().wireName()).isEqualTo("env_markers_non_bool");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"true", "null", "[]", "'x'", "1", "[{}]"})
    void aValueThatIsNotAnObjectIsAViolation(String value) {
      assertThat(PLAIN.scan(json("{'env_markers':" + value + "}")))
          .map(AnonymityViolation::pattern)
          .contains("env_markers");
    }

    @Test
    void anEscapedKeyIsStillEnvMarkers() {
      assertThat(rule(PLAIN, json("{'env\\u005fmarkers':5}"))).contains(Rule.ENV_MARKERS_NON_BOOL);
      assertThat(
              rule(
                  PLAIN,
                  json("{'env_markers':{" + VALID.replace("has_tty", "has\\u005ftty") + "}}")))
          .isEmpty();
    }

    @Test
    void onlyTheTopLevelFieldIsChecked() {
      assertThat(PLAIN.scan(json("{'x':{'env_markers':5},'y':[{'env_markers':'a'}]}"))).isEmpty();
    }

    @Test
    void duplicateMarkerIsMalformed() {
      assertThat(rule(PLAIN, json("{'env_markers':{" + VALID + ",'has_tty':'yes'}}")))
          .contains(Rule.MALFORMED_PAYLOAD);
    }

    @Test
    void absentEnvMarkersPass() {
      assertThat(PLAIN.scan(json("{'env_kind':'ci'}"))).isEmpty();
    }
  }

  @Nested
  class RulePrecedence {

    @Test
    void prefixWinsOverAnEarlierBlockedValue() {
      byte[] payload = json("{'a':'alice','b':'/home/x'}");
      assertThat(rule(ALICE, payload)).contains(Rule.BLOCKED_PREFIX);
    }

    @Test
    void prefixAnywhereWinsOverMalformed() {
      assertThat(rule(PLAIN, json("{'a':1,,'b':'/home/x'}"))).contains(Rule.BLOCKED_PREFIX);
      assertThat(rule(PLAIN, json("{'a':1,'a':'\\/home\\/x'}"))).contains(Rule.BLOCKED_PREFIX);
      assertThat(rule(PLAIN, json("['/Users/x']"))).contains(Rule.BLOCKED_PREFIX);
      assertThat(rule(PLAIN, json("{'a':'C:\\\\Users\\\\x'"))).contains(Rule.BLOCKED_PREFIX);
      assertThat(rule(PLAIN, json("{'a':'\\q /root/x'}"))).contains(Rule.BLOCKED_PREFIX);
      assertThat(rule(PLAIN, json("{'a':1} trailing \\u002fhome\\u002f")))
          .contains(Rule.BLOCKED_PREFIX);
    }

    @Test
    void prefixInsideAnUnterminatedStringWins() {
      assertThat(rule(PLAIN, json("{'a':'/home/bob"))).contains(Rule.BLOCKED_PREFIX);
    }

    @Test
    void blockedValueBeforeTheErrorWinsOverMalformed() {
      assertThat(rule(ALICE, json("{'a':'alice','b':}"))).contains(Rule.BLOCKED_VALUE);
      assertThat(rule(ALICE, json("{'a':'alice','a':1}"))).contains(Rule.BLOCKED_VALUE);
    }

    @Test
    void blockedValueAfterTheErrorIsNotSeen() {
      assertThat(rule(ALICE, json("{'a':1,,'b':'alice'}"))).contains(Rule.MALFORMED_PAYLOAD);
    }

    @Test
    void malformedWinsOverEnvMarkers() {
      assertThat(rule(PLAIN, json("{'env_markers':null,'x':}"))).contains(Rule.MALFORMED_PAYLOAD);
    }

    @Test
    void blockedValueWinsOverEnvMarkers() {
      assertThat(rule(ALICE, json("{'env_markers':null,'x':'alice'}")))
          .contains(Rule.BLOCKED_VALUE);
    }

    @Test
    void prefixAfterABlockedValueIsStillFound() {
      assertThat(rule(ALICE, json("{'a':'alice','b':'x','c':{'d':'/root/x'}}")))
          .contains(Rule.BLOCKED_PREFIX);
    }
  }

  @Nested
  class Check {

    @Test
    void passesACleanPayload() {
      assertThatNoException().isThrownBy(() -> ALICE.check(fullHeartbeat()));
    }

    @Test
    void throwsWithTheViolation() {
      assertThatThrownBy(() -> ALICE.check(valueJson("/home/x")))
          .isInstanceOfSatisfying(
              AnonymityViolationException.class,
              e -> {
                assertThat(e.violation().rule()).isEqualTo(Rule.BLOCKED_PREFIX);
                assertThat(e.violation().pattern()).isEqualTo("/home/");
              })
          .hasMessageContaining("blocked_prefix");
    }
  }

  /**
   * Keys are scanned eight bytes at a time in the tokenizer's fast path; these cases move every
   * interesting byte across word edges and compare with the slow reference.
   */
  @Nested
  class KeyWordBoundaries {
    private final AnonymityScanner scanner =
        new AnonymityScanner(BlockedValues.of(List.of("alice")));
    private final ReferenceScanner reference =
        new ReferenceScanner(Map.of("alice", "value_1"), PayloadVocabulary.words());

    private Optional<ReferenceScanner.Outcome> agree(String payload) {
      byte[] bytes = utf8(payload);
      Optional<ReferenceScanner.Outcome> expected = reference.scan(bytes);
      assertThat(scanner.scan(bytes).map(ReferenceScanner.Outcome::of))
          .as("payload %s", payload)
          .isEqualTo(expected);
      return expected;
    }

    // The reference reports no error codes: the scanner's own report must name the duplicate.
    private boolean duplicate(String payload) {
      agree(payload);
      return scanner
          .scan(utf8(payload))
          .map(AnonymityViolation::pattern)
          .equals(Optional.of("duplicate_key"));
    }

    private String filler(int length) {
      return "abcdefghijklmnopqrstuvwxyz".substring(0, length);
    }

    @Test
    void prefixesAndSlashesAtEveryOffsetOfKeysUpToSeventeenBytes() {
      List<String> inserts =
          List.of(
              "/Users/", "/HOME/", "/root/", "/var/folders/", "/v1/", "/u", "/", "C:\\\\Users\\\\");
      for (int shift = 0; shift < 9; shift++) {
        for (int length = 0; length <= 17; length++) {
          for (int at = 0; at <= length; at++) {
            for (String insert : inserts) {
              String key = filler(at) + insert + filler(length - at);
              agree("{" + "\"x\":1,".repeat(shift % 2) + " ".repeat(shift) + "\"" + key + "\":0}");
            }
          }
        }
      }
      assertThat(agree("{\"abcdefg /home/x\":0}"))
          .map(ReferenceScanner.Outcome::rule)
          .contains(Rule.BLOCKED_PREFIX);
      assertThat(agree("{\"abcdefg/home/x\":0}")).isEmpty();
      assertThat(agree("{\"abcdefg/v1/homer\":0}")).isEmpty();
    }

    @Test
    void duplicatesAreFoundWhateverByteDiffers() {
      for (int length = 0; length <= 17; length++) {
        String key = filler(length);
        assertThat(duplicate("{\"" + key + "\":1,\"" + key + "\":2}")).isTrue();
        for (int at = 0; at < length; at++) {
          String other = key.substring(0, at) + 'Z' + key.substring(at + 1);
          assertThat(agree("{\"" + key + "\":1,\"" + other + "\":2}")).as(other).isEmpty();
          // The same key again, escaped at one position, is still a duplicate.
          String escaped =
              key.substring(0, at)
                  + "\\u00"
                  + Integer.toHexString(key.charAt(at))
                  + key.substring(at + 1);
          assertThat(duplicate("{\"" + key + "\":1,\"" + escaped + "\":2}")).isTrue();
        }
      }
    }

    @Test
    void nonAsciiEscapesAndControlCharactersAtEveryOffset() {
      List<String> inserts =
          List.of("\u00e9", "\ud83d\ude00", "\\n", "\\u002F", "\\/home/", "\u0001", "\\\"");
      for (int length = 0; length <= 17; length++) {
        for (int at = 0; at <= length; at++) {
          for (String insert : inserts) {
            String key = filler(at) + insert + filler(length - at);
            agree("{\"" + key + "\":0,\"y\":1}");
            agree("{\"" + key + "\" : 0}");
          }
        }
      }
    }

    @Test
    void keysCutOffNearTheEndOfTheInput() {
      String whole = "{\"abcdefghijklmnopq\":0,\"env_markers\":{\"has_tty\":true}}";
      for (int end = 1; end <= whole.length(); end++) {
        agree(whole.substring(0, end));
      }
      for (int length = 0; length <= 17; length++) {
        agree("{\"" + filler(length) + "\"");
        agree("{\"" + filler(length) + "\":");
        agree("{\"" + filler(length) + "\"\t:\n0}");
        agree("{\"" + filler(length));
      }
    }
  }

  @Nested
  class MatchesSlowReference {
    private static final List<String> VALUES =
        List.of(
            "Alice-MBP.local",
            "alice-mbp",
            "alice",
            "ghp_Secret123",
            "t0k&en<x>\"q\\z",
            "J\u00fcrgen",
            "server",
            "docker",
            "7425",
            "2025",
            "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e");
    private static final String INSERTS = "{}[],:\"\\ \t\n0123456789-+.eEtrufalsn/u";
    private static final int SEEDS = 1500;

    private final AnonymityScanner scanner = new AnonymityScanner(BlockedValues.of(VALUES));
    private final ReferenceScanner reference =
        new ReferenceScanner(sourcesOf(VALUES), PayloadVocabulary.words());

    private Map<String, String> sourcesOf(List<String> values) {
      Map<String, String> sources = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        sources.put(values.get(i), "value_" + (i + 1));
      }
      return sources;
    }

    private Map<String, Integer> compare(long seed, byte[] payload, Map<String, Integer> seen) {
      Optional<ReferenceScanner.Outcome> expected = reference.scan(payload);
      Optional<ReferenceScanner.Outcome> actual =
          scanner.scan(payload).map(ReferenceScanner.Outcome::of);
      assertThat(actual)
          .as("seed %d, payload %s", seed, new String(payload, StandardCharsets.UTF_8))
          .isEqualTo(expected);
      seen.merge(expected.map(o -> o.rule().wireName()).orElse("clean"), 1, Integer::sum);
      return seen;
    }

    @Test
    void agreesOnGeneratedPayloads() {
      Map<String, Integer> seen = new TreeMap<>();
      for (long seed = 0; seed < SEEDS; seed++) {
        byte[] payload = new RandomPayloads(seed, VALUES, PayloadVocabulary.words(), false).next();
        compare(seed, payload, seen);
      }
      assertThat(seen)
          .containsOnlyKeys(
              "clean",
              "blocked_prefix",
              "secret",
              "blocked_value",
              "malformed_payload",
              "env_markers_non_bool")
          .allSatisfy((outcome, count) -> assertThat(count).as(outcome).isGreaterThan(50));
    }

    @Test
    void agreesOnCorruptedPayloads() {
      Map<String, Integer> seen = new TreeMap<>();
      for (long seed = 0; seed < SEEDS; seed++) {
        Random random = new Random(seed);
        byte[] payload = new RandomPayloads(seed, VALUES, PayloadVocabulary.words(), true).next();
        compare(seed, corrupt(payload, random), seen);
      }
      assertThat(seen.get("malformed_payload")).isGreaterThan(SEEDS / 3);
    }

    private byte[] corrupt(byte[] payload, Random random) {
      StringBuilder s = new StringBuilder(new String(payload, StandardCharsets.US_ASCII));
      int operations = 1 + random.nextInt(2);
      for (int op = 0; op < operations && s.length() > 0; op++) {
        int at = random.nextInt(s.length());
        char insert = INSERTS.charAt(random.nextInt(INSERTS.length()));
        switch (random.nextInt(5)) {
          case 0:
            s.deleteCharAt(at);
            break;
          case 1:
            s.insert(at, insert);
            break;
          case 2:
            s.setCharAt(at, insert);
            break;
          case 3:
            s.setLength(at);
            break;
          default:
            int end = Math.min(s.length(), at + 1 + random.nextInt(10));
            s.insert(at, s.substring(at, end));
            break;
        }
      }
      return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
  }

  @Test
  void exposesItsBlockedValues() {
    BlockedValues blocked = BlockedValues.of(List.of("alpha"));
    assertThat(new AnonymityScanner(blocked).blockedValues()).isSameAs(blocked);
    assertThatThrownBy(() -> new AnonymityScanner(null)).isInstanceOf(NullPointerException.class);
  }

  private static byte[] hex(String spaced) {
    String[] parts = spaced.trim().split("\\s+");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
