package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

  private static final byte[] INPUT =
      "alpha|beta|alpha|a-much-longer-key-name|\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);

  @Test
  void sameKeyInOneObjectIsADuplicate() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    assertThat(keys.addRaw(1, 0, 5)).isTrue();
    assertThat(keys.addRaw(1, 6, 4)).isTrue();
    assertThat(keys.addRaw(1, 11, 5)).isFalse();
  }

  @Test
  void sameKeyInAnotherObjectIsNot() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    assertThat(keys.addRaw(1, 0, 5)).isTrue();
    assertThat(keys.addRaw(2, 11, 5)).isTrue();
  }

  @Test
  void decodedKeysEqualTheirRawForm() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    assertThat(keys.addRaw(7, 40, 5)).isTrue();
    assertThat(keys.addDecoded(7, "\u00e9t\u00e9".toCharArray(), 3)).isFalse();
    assertThat(keys.addDecoded(7, "a-much-longer-key-name".toCharArray(), 22)).isTrue();
    assertThat(keys.addRaw(7, 17, 22)).isFalse();
    assertThat(keys.addDecoded(7, "\ud83d\ude00".toCharArray(), 2)).isTrue();
    assertThat(keys.addDecoded(7, "\ud83d\ude00".toCharArray(), 2)).isFalse();
  }

  @Test
  void lastEqualsComparesTheLatestKey() {
    ObjectKeys keys = new ObjectKeys(INPUT);
    keys.addRaw(1, 6, 4);
    assertThat(keys.lastEquals("beta".getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(keys.lastEquals("alpha".getBytes(StandardCharsets.US_ASCII))).isFalse();
    keys.addDecoded(1, "alpha".toCharArray(), 5);
    assertThat(keys.lastEquals("alpha".getBytes(StandardCharsets.US_ASCII))).isTrue();
  }

  @Test
  void growsBeyondItsFirstCapacity() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append(String.format("k%05d", i));
    }
    byte[] input = text.toString().getBytes(StandardCharsets.US_ASCII);
    ObjectKeys keys = new ObjectKeys(new byte[0]);
    ObjectKeys inInput = new ObjectKeys(input);
    for (int i = 0; i < 5_000; i++) {
      assertThat(inInput.addRaw(i % 3, i * 6, 6)).isTrue();
      assertThat(keys.addDecoded(i % 3, ("k" + i).toCharArray(), ("k" + i).length())).isTrue();
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(inInput.addRaw(i % 3, i * 6, 6)).isFalse();
      assertThat(keys.addDecoded(i % 3, ("k" + i).toCharArray(), ("k" + i).length())).isFalse();
    }
  }

  @Test
  void hashCoversEveryByte() {
    byte[] a = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "abcdefghXjklmnopq".getBytes(StandardCharsets.US_ASCII);
    assertThat(ObjectKeys.hash(a, 0, a.length)).isNotEqualTo(ObjectKeys.hash(b, 0, b.length));
    assertThat(ObjectKeys.hash(a, 0, 3)).isNotEqualTo(ObjectKeys.hash(a, 0, 4));
  }
}
