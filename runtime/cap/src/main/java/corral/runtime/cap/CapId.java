package corral.runtime.cap;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The public identity of a capability: the first 16 bytes of {@code SHA-256("corral1 cap id" ||
 * chain)}, where {@code chain} is the cap's MAC. Safe to log, print and store: it does not reveal
 * the MAC, so it cannot be used to derive or present the cap. Every prefix of a cap's MAC chain has
 * an id; the ids of a cap's prefixes are its <em>lineage</em>.
 *
 * @param high the first 8 bytes, big-endian
 * @param low the next 8 bytes, big-endian
 */
public record CapId(long high, long low) {
  /** The id of a cap whose MAC chain ends in {@code chain}. */
  static CapId ofChain(byte[] chain) {
    ChainMac m = ChainMac.take();
    try {
      return m.id(chain);
    } finally {
      ChainMac.give(m);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Parses the 32 hex digits of {@link #toString()}.
   *
   * @throws IllegalArgumentException naming the input if it is not 32 hex digits
   */
  public static CapId parse(String hex) {
    if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("cap id '" + hex + "' is not 32 hex digits");
    }
    return new CapId(
        HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
  }

  /** 32 lower-case hex digits. */
  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
  }
}
