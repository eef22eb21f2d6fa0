package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our HMAC-SHA256 and cap ids against the JDK's {@code Mac} and {@code MessageDigest}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChainMacTest {

  static byte[] jdkHmac(byte[] key, byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message);
  }

  @Test
  void rfc4231TestCase2() {
    byte[] mac =
        ChainMac.mac(
            "Jefe".getBytes(StandardCharsets.US_ASCII),
            "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        HexFormat.of().formatHex(mac));
  }

  @Test
  void agreesWithTheJdksHmacForKeysUpToABlockAndMessagesOfManyLengths() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] key = new byte[1 + i % 64];
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(key);
      random.nextBytes(message);
      assertArrayEquals(jdkHmac(key, message), ChainMac.mac(key, message), "case " + i);
    }
  }

  @Test
  void aLinkMayBeWrittenOverItsKeyAndOnlyThePrefixOfTheInputCounts() throws Exception {
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    byte[] message = "corral1 caveat\0 and what follows is not part of it".getBytes();
    byte[] expected = jdkHmac(key, java.util.Arrays.copyOf(message, 15));
    ChainMac m = ChainMac.take();
    try {
      m.mac(key, message, 15, key);
    } finally {
      ChainMac.give(m);
    }
    assertArrayEquals(expected, key);
  }

  @Test
  void capIdsAreTheFirst16BytesOfTheDomainSeparatedSha256() throws Exception {
    byte[] chain = new byte[32];
    new Random(2).nextBytes(chain);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("corral1 cap id".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer d = ByteBuffer.wrap(sha.digest(chain));
    assertEquals(new CapId(d.getLong(), d.getLong()), CapId.ofChain(chain));
  }

  @Test
  void manyVirtualThreadsSharingThePoolGetTheRightMacs() throws Exception {
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 64; t++) {
        int seed = t;
        results.add(
            threads.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int i = 0; i < 200; i++) {
                    byte[] key = new byte[32];
                    byte[] message = new byte[random.nextInt(200)];
                    random.nextBytes(key);
                    random.nextBytes(message);
                    if (!java.util.Arrays.equals(
                        jdkHmac(key, message), ChainMac.mac(key, message))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
    }
    for (Future<Boolean> r : results) {
      assertEquals(true, r.get(30, TimeUnit.SECONDS));
    }
  }
}
