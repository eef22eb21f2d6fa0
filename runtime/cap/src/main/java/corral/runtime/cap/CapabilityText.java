package corral.runtime.cap;

import java.util.Base64;

/**
 * The text form of a capability: {@code corral1:} followed by the packed Cap'n Proto message in
 * URL-safe base64 without padding (RFC 4648 §5), e.g. {@code corral1:EAVQ...}. It is what users
 * paste and pass around; it contains the MAC, so it is as secret as the right it grants.
 */
public final class CapabilityText {
  /** The prefix of every text form of this format version. */
  public static final String PREFIX = "corral1:";

  /** Longest accepted text form, in characters; a capability is far shorter. */
  public static final int MAX_LENGTH = 8192;

  private CapabilityText() {}

  /** The outcome of parsing a text form. */
  public sealed interface Parse {}

  /** A well-formed capability (not yet verified). */
  public record Parsed(Capability capability) implements Parse {}

  /** A malformed text form, with what is wrong; the message never contains the input's MAC. */
  public record Malformed(String reason) implements Parse {}

  static String format(Capability cap) {
    return PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(CapabilityCodec.encode(cap));
  }

  /** Parses a text form; see {@link Capability#parse(String)}. */
  public static Parse parse(String text) {
    if (text == null || text.isEmpty()) {
      return new Malformed("the capability is empty");
    }
    String s = text.strip();
    if (s.length() > MAX_LENGTH) {
      return new Malformed(
          "the capability is "
              + s.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    if (!s.startsWith(PREFIX)) {
      int colon = s.indexOf(':');
      return new Malformed(
          colon > 0 && colon < 16 && s.startsWith("corral")
              ? "the capability has format '"
                  + s.substring(0, colon)
                  + "', which this version of Corral does not read (it reads "
                  + PREFIX
                  + ")"
              : "the capability does not start with '" + PREFIX + "'");
    }
    int from = PREFIX.length();
    int chars = s.length() - from;
    // URL-safe base64 decoded straight from the string into the packed bytes.
    byte[] packed = new byte[chars * 3 / 4];
    int out = 0;
    int i = from;
    // Whole groups of four characters, three bytes each; a group with a character outside the
    // alphabet is left to the loop below, which names it.
    for (; i + 4 <= s.length(); i += 4) {
      char c0 = s.charAt(i);
      char c1 = s.charAt(i + 1);
      char c2 = s.charAt(i + 2);
      char c3 = s.charAt(i + 3);
      int v =
          (c0 | c1 | c2 | c3) < 128
              ? VALUES[c0] << 18 | VALUES[c1] << 12 | VALUES[c2] << 6 | VALUES[c3]
              : -1;
      if (v < 0) {
        break;
      }
      packed[out] = (byte) (v >>> 16);
      packed[out + 1] = (byte) (v >>> 8);
      packed[out + 2] = (byte) v;
      out += 3;
    }
    int bits = 0;
    int pending = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      int v = c < 128 ? BASE64[c] : -1;
      if (v < 0) {
        return new Malformed(
            "character "
                + (i + 1)
                + " of the capability is "
                + describe(c)
                + ", which is not URL-safe base64 (A-Z a-z 0-9 - _, no padding)");
      }
      bits = bits << 6 | v;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        packed[out++] = (byte) (bits >>> pending);
      }
    }
    if (chars % 4 == 1) {
      return new Malformed("the capability is truncated: its base64 ends in a lone character");
    }
    Capability cap;
    try {
      cap = CapabilityCodec.decode(packed, out);
    } catch (CapabilityCodec.Malformed e) {
      return new Malformed("the capability is malformed: " + e.getMessage());
    }
    // The bits of the last character beyond the last byte are zero in the canonical form.
    if ((bits & ((1 << pending) - 1)) != 0) {
      return new Malformed("the capability's base64 is not in canonical form");
    }
    return new Parsed(cap);
  }

  private static final byte[] BASE64 = new byte[128];

  /** {@link #BASE64} as ints: -1 for a character outside the alphabet, which makes a group < 0. */
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
    for (int i = 0; i < 128; i++) {
      VALUES[i] = BASE64[i];
    }
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
