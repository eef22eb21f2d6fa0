package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text form's parser, which checks canonicity while decoding, against {@link ReencodingParser},
 * which proves it by encoding again: both must accept exactly the same texts, as the same
 * capabilities.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapabilityTextTest {
  static final long DISK = 0x9f2c7a4e1b3d5c60L;
  static final long EVENTS = 0x8000000000000001L;
  static final byte[] SECRET = new byte[32];

  static List<Capability> samples() {
    Capability root =
        Capability.mint(
            SECRET,
            0x1234_5678_9abc_def0L,
            42,
            List.of(Grant.of(DISK, 0, 1, 2, 3), Grant.of(EVENTS, 0)));
    Capability wide =
        Capability.mint(
            SECRET,
            -1L,
            -1L,
            List.of(Grant.of(0xFFFF_FFFF_FFFF_FFFFL, 0, 1, 2, 3, 4, 5, 6, 7, 8, 300, 65535)));
    List<Capability> caps = new ArrayList<>();
    caps.add(root);
    caps.add(wide);
    caps.add(
        root.allowOnly(DISK, MethodSet.of(0, 2)).expiringAt(Instant.parse("2030-01-01T00:00:00Z")));
    caps.add(
        root.appendUnchecked(
            new Caveat.Allow(List.of(new Grant(DISK, MethodSet.empty()), Grant.of(EVENTS, 0)))));
    Capability many = wide;
    for (int i = 0; i < 20; i++) {
      many =
          many.appendUnchecked(new Caveat.ExpiresAt(Instant.ofEpochMilli(1 + i * 1_000_000_007L)));
    }
    caps.add(many);
    return caps;
  }

  /**
   * A text form written before the schema's struct was renamed from {@code Capability} to {@code
   * CapToken}: a struct's name is not in its encoding, so it reads as the same capability and is
   * written back byte for byte.
   */
  @Test
  void aTextFormWrittenBeforeTheStructWasRenamedStillParses() {
    String before =
        "corral1:EBxQAgP_782riWdFIwEBIUNlh6nL7Q8RCScRITcxSQIBUQgBAf9gXD0bTnosnwARCSP_GAf25dTDsqEAE"
            + "QULVAECRgEDUQgCAQABEQ0XAQE-tMXauAEAAFEEAQH_YFw9G056LJ8AEQETBAL_AQgPFh0kKzIDOUBHTlVcY2px"
            + "eH-GjZSboqmwt77FzNPa";
    byte[] mac = new byte[32];
    for (int i = 0; i < 32; i++) {
      mac[i] = (byte) (i * 7 + 1);
    }
    Capability expected =
        new Capability(
            0x0123456789abcdefL,
            0x0fedcba987654321L,
            List.of(Grant.of(DISK, 0, 1, 2, 70), Grant.of(0xa1b2c3d4e5f60718L, 3)),
            List.of(
                new Caveat.Allow(List.of(Grant.of(DISK, 0, 2))),
                new Caveat.ExpiresAt(Instant.parse("2030-01-01T00:00:00Z"))),
            mac);
    Capability parsed =
        assertInstanceOf(CapabilityText.Parsed.class, Capability.parse(before)).capability();
    assertEquals(expected, parsed);
    assertEquals(before, parsed.toText());
  }

  @Test
  void everySampleRoundTripsThroughItsTextForm() {
    for (Capability cap : samples()) {
      String text = cap.toText();
      assertEquals(new CapabilityText.Parsed(cap), CapabilityText.parse(text), text);
      assertEquals(ReencodingParser.parse(text), CapabilityText.parse(text), text);
    }
  }

  @Test
  void everyBitFlipIsAcceptedOrRefusedExactlyAsByTheReencodingParser() {
    int accepted = 0;
    int flips = 0;
    for (Capability cap : samples()) {
      String text = cap.toText();
      byte[] packed = Base64.getUrlDecoder().decode(text.substring(8));
      for (int i = 0; i < packed.length * 8; i++) {
        byte[] m = packed.clone();
        m[i / 8] ^= (byte) (1 << (i % 8));
        accepted += agree("corral1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(m));
        flips++;
      }
      for (int i = 0; i < text.length() * 8; i++) {
        char[] chars = text.toCharArray();
        chars[i / 8] ^= (char) (1 << (i % 8));
        accepted += agree(new String(chars));
        flips++;
      }
    }
    assertTrue(flips > 5000, flips + " flips");
    // Flips of the MAC and of MACed values still parse: the MAC chain, not the parser, refuses
    // them.
    assertTrue(accepted > 100, accepted + " flips parse");
  }

  @Test
  void randomEditsAreAcceptedOrRefusedExactlyAsByTheReencodingParser() {
    Random random = new Random(4);
    List<Capability> caps = samples();
    for (int n = 0; n < 100_000; n++) {
      byte[] packed =
          Base64.getUrlDecoder()
              .decode(caps.get(random.nextInt(caps.size())).toText().substring(8));
      byte[] m;
      switch (random.nextInt(4)) {
        case 0 -> { // overwrite a few bytes
          m = packed.clone();
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            m[random.nextInt(m.length)] = (byte) random.nextInt(256);
          }
        }
        case 1 -> m = java.util.Arrays.copyOf(packed, random.nextInt(packed.length + 16));
        case 2 -> { // delete a byte
          int at = random.nextInt(packed.length);
          m = new byte[packed.length - 1];
          System.arraycopy(packed, 0, m, 0, at);
          System.arraycopy(packed, at + 1, m, at, packed.length - at - 1);
        }
        default -> { // random bytes
          m = new byte[random.nextInt(200)];
          random.nextBytes(m);
        }
      }
      agree("corral1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(m));
    }
  }

  @Test
  void aNonCanonicalPackingOfAValidCapIsRefused() {
    byte[] packed = Base64.getUrlDecoder().decode(samples().get(0).toText().substring(8));
    // The header word as the packer wrote it: a tag with a bit per non-zero byte.
    byte[] header = new byte[8];
    int at = 0;
    int tag = packed[at++] & 0xFF;
    for (int b = 0; b < 8; b++) {
      if ((tag & (1 << b)) != 0) {
        header[b] = packed[at++];
      }
    }
    // The same word as tag 0xFF, its eight bytes (zeros among them) and no verbatim words.
    byte[] m = new byte[1 + 8 + 1 + packed.length - at];
    m[0] = (byte) 0xFF;
    System.arraycopy(header, 0, m, 1, 8);
    System.arraycopy(packed, at, m, 10, packed.length - at);
    String text = "corral1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(m);
    assertEquals(
        new CapabilityText.Malformed(
            "the capability is malformed: not in canonical form: a packed zero byte"),
        CapabilityText.parse(text));
    assertInstanceOf(CapabilityText.Malformed.class, ReencodingParser.parse(text));
  }

  /** Asserts both parsers agree on {@code text}; returns 1 if it parses. */
  static int agree(String text) {
    CapabilityText.Parse fast = CapabilityText.parse(text);
    CapabilityText.Parse reference = ReencodingParser.parse(text);
    if (reference instanceof CapabilityText.Parsed) {
      assertEquals(reference, fast, text);
      return 1;
    }
    assertInstanceOf(
        CapabilityText.Malformed.class,
        fast,
        () -> text + " parses, but the re-encoding parser says: " + reference);
    return 0;
  }
}
