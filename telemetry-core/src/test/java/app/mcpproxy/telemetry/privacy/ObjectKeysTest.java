package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

  private static final byte[] INPUT =
      "alpha|beta|alpha|a-much-longer-key-name|\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void sameKeyInOneObjectIsADuplicate() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    keys.open(1);
    assertThat(keys.addRaw(1, 0, 5)).isTrue();
    assertThat(keys.addRaw(1, 6, 4)).isTrue();
    assertThat(keys.addRaw(1, 11, 5)).isFalse();
  }

  @Test
  void sameKeyInANestedOrLaterObjectIsNot() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    keys.open(1);
    assertThat(keys.addRaw(1, 0, 5)).isTrue();
    keys.open(2);
    assertThat(keys.addRaw(2, 11, 5)).isTrue();
    keys.close(2);
    keys.open(2);
    assertThat(keys.addRaw(2, 11, 5)).isTrue();
    keys.close(2);
    assertThat(keys.addRaw(1, 11, 5)).isFalse();
  }

  @Test
  void decodedKeysEqualTheirRawForm() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    keys.open(1);
    assertThat(keys.addRaw(1, 40, 5)).isTrue();
    assertThat(keys.addDecoded(1, "\u00e9t\u00e9".toCharArray(), 3)).isFalse();
    assertThat(keys.addDecoded(1, "a-much-longer-key-name".toCharArray(), 22)).isTrue();
    assertThat(keys.addRaw(1, 17, 22)).isFalse();
    assertThat(keys.addDecoded(1, "\ud83d\ude00".toCharArray(), 2)).isTrue();
    assertThat(keys.addDecoded(1, "\ud83d\ude00".toCharArray(), 2)).isFalse();
  }

  @Test
  void vocabularyWordsAreDuplicatesOnlyInTheirOwnObject() {
    int last = PayloadVocabulary.size() - 1;
    ObjectKeys keys = new ObjectKeys(INPUT);
    keys.open(1);
    assertThat(keys.addWord(1, 0)).isTrue();
    assertThat(keys.addWord(1, last)).isTrue();
    keys.open(2);
    assertThat(keys.addWord(2, 0)).isTrue();
    assertThat(keys.addWord(2, 0)).isFalse();
    keys.close(2);
    keys.open(2);
    assertThat(keys.addWord(2, 0)).isTrue();
    keys.close(2);
    assertThat(keys.addWord(1, 0)).isFalse();
    assertThat(keys.addWord(1, last)).isFalse();
    assertThat(keys.addWord(1, 1)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0} keys")
  @ValueSource(ints = {1, 63, 64, 65, 66, 200, 5_000})
  void findsEveryDuplicateInSmallAndLargeObjects(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(String.format("key-%07d", i));
    }
    byte[] input = ascii(text.toString());
    ObjectKeys keys = new ObjectKeys(input);
    keys.open(1);
    for (int i = 0; i < count; i++) {
      assertThat(keys.addRaw(1, i * 11, 11)).as("first %d", i).isTrue();
      // A nested object in between must not disturb its parent's index.
      keys.open(2);
      assertThat(keys.addRaw(2, i * 11, 11)).isTrue();
      keys.close(2);
    }
    for (int i = 0; i < count; i++) {
      assertThat(keys.addRaw(1, i * 11, 11)).as("again %d", i).isFalse();
      assertThat(keys.addDecoded(1, String.format("key-%07d", i).toCharArray(), 11)).isFalse();
    }
  }

  @Test
  void keysThatDifferOnlyInTheMiddleAreDistinct() {
    // Same length, same first and last eight bytes: equal signatures, different keys.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      text.append(String.format("abcdefgh%04dstuvwxyz", i));
    }
    byte[] input = ascii(text.toString());
    assertThat(ObjectKeys.signature(input, 0, 20)).isEqualTo(ObjectKeys.signature(input, 20, 20));
    ObjectKeys keys = new ObjectKeys(input);
    keys.open(1);
    for (int i = 0; i < 300; i++) {
      assertThat(keys.addRaw(1, i * 20, 20)).isTrue();
    }
    assertThat(keys.addRaw(1, 299 * 20, 20)).isFalse();
    assertThat(keys.addRaw(1, 0, 20)).isFalse();
  }

  @Test
  void hashCoversEveryByte() {
    byte[] a = ascii("abcdefghijklmnopq");
    byte[] b = ascii("abcdefghXjklmnopq");
    assertThat(ObjectKeys.hash(a, 0, a.length)).isNotEqualTo(ObjectKeys.hash(b, 0, b.length));
    assertThat(ObjectKeys.hash(a, 0, 3)).isNotEqualTo(ObjectKeys.hash(a, 0, 4));
  }

  @Test
  void signatureOfAShortKeyIgnoresTheBytesAfterIt() {
    byte[] a = ascii("abc\"xyzwvuts");
    byte[] b = ascii("abc\":1}");
    assertThat(ObjectKeys.signature(a, 0, 3)).isEqualTo(ObjectKeys.signature(b, 0, 3));
  }
}
