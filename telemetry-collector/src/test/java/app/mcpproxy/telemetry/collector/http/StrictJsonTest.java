package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.http.StrictJson.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
  @Test
  void findsABackslashOrAHighByteAtEveryPositionOfEveryLength() {
    for (int length = 0; length <= 40; length++) {
      byte[] body = new byte[length];
      Arrays.fill(body, (byte) 'a');
      assertThat(Shape.of(body)).as("length %d", length).isEqualTo(new Shape(true, false));
      for (int at = 0; at < length; at++) {
        byte[] withBackslash = body.clone();
        withBackslash[at] = '\\';
        assertThat(Shape.of(withBackslash))
            .as("backslash at %d of %d", at, length)
            .isEqualTo(new Shape(true, true));
        byte[] withHighByte = body.clone();
        withHighByte[at] = (byte) 0x80;
        assertThat(Shape.of(withHighByte))
            .as("high byte at %d of %d", at, length)
            .isEqualTo(new Shape(false, false));
      }
    }
  }

  @Test
  void agreesWithAByteByByteReadingOnRandomBodies() {
    SplittableRandom random = new SplittableRandom(20261203);
    // Bytes next to a backslash (0x5C) and the high bit are where a word-wide trick could slip.
    byte[] alphabet = {'[', '\\', ']', 0x5D, 0x5B, 0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xDC, 'u'};
    for (int run = 0; run < 20_000; run++) {
      byte[] body = new byte[random.nextInt(64)];
      for (int i = 0; i < body.length; i++) {
        body[i] =
            random.nextInt(4) == 0
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) random.nextInt(0x20, 0x7F);
      }
      assertThat(Shape.of(body)).as(Arrays.toString(body)).isEqualTo(byteByByte(body));
    }
  }

  private static Shape byteByByte(byte[] body) {
    boolean ascii = true;
    boolean backslash = false;
    for (byte b : body) {
      ascii &= b >= 0;
      backslash |= b == '\\';
    }
    return new Shape(ascii, backslash);
  }
}
