package corral.runtime.cap;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC of the capability chain: HMAC-SHA256 from the JDK, which uses the CPU's SHA instructions
 * where present. Chosen over keyed BLAKE2b and BLAKE3 from Bouncy Castle by measurement (see
 * runtime/DESIGN.md, "MAC choice"); the {@code corral1} text form fixes it.
 *
 * <p>Thread-safe: each thread uses its own {@link Mac}.
 */
final class ChainMac {
  /** Length of a MAC and of an instance secret, in bytes. */
  static final int LENGTH = 32;

  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no HmacSHA256", e);
            }
          });

  private ChainMac() {}

  /** HMAC-SHA256 of {@code message} under {@code key} (32 bytes). */
  static byte[] mac(byte[] key, byte[] message) {
    Mac mac = MACS.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a 32-byte key", e);
    }
    return mac.doFinal(message);
  }
}
