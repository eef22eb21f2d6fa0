package corral.runtime.cap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The MAC of the capability chain, HMAC-SHA256 (RFC 2104), and the SHA-256 of cap ids, computed
 * with the JDK's SHA-256, which uses the CPU's SHA instructions where present. Chosen over keyed
 * BLAKE2b and BLAKE3 from Bouncy Castle by measurement (see runtime/DESIGN.md, "MAC choice"); the
 * {@code corral1} text form fixes it.
 *
 * <p>HMAC is built here on one {@link MessageDigest} rather than taken from {@code
 * javax.crypto.Mac}: a chain link's key is the previous link, so every link re-keys, and {@code
 * Mac.init} (a {@code SecretKeySpec}, key copies, provider checks) cost more than the two
 * compressions of the padded key. Results are written into reusable buffers, so a whole chain
 * allocates nothing but its cap ids. Tested against {@code javax.crypto.Mac} (ChainMacTest).
 *
 * <p>An instance is scratch space for one thread at a time: {@link #take()} one from a small shared
 * pool and {@link #give} it back (a pool rather than a thread-local, because restores run on
 * short-lived virtual threads, each of which would otherwise build its own digest).
 */
public final class ChainMac {
  /** Length of a MAC and of an instance secret, in bytes. */
  public static final int LENGTH = 32;

  private static final int BLOCK = 64;
  private static final byte[] ID_DOMAIN = "corral1 cap id".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final MessageDigest sha = CapId.sha256();
  private final byte[] pad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];
  private final byte[] digest = new byte[LENGTH];

  /** The current link of a chain being checked (see {@link ChainCheck}). */
  public final byte[] chain = new byte[LENGTH];

  private byte[] input = new byte[256];

  private ChainMac() {}

  // ---------------------------------------------------------------------------------------
  // The pool

  private static final int SLOTS = 16; // a power of two, > the cores of any host we expect
  private static final AtomicReferenceArray<ChainMac> POOL = new AtomicReferenceArray<>(SLOTS);

  /** Scratch space for this thread until {@link #give}n back. */
  public static ChainMac take() {
    int start = (int) Thread.currentThread().threadId();
    for (int i = 0; i < 4; i++) {
      ChainMac m = POOL.getAndSet((start + i) & (SLOTS - 1), null);
      if (m != null) {
        return m;
      }
    }
    return new ChainMac();
  }

  /**
   * Returns scratch space taken with {@link #take()}; it must not be used afterwards. What it held
   * of keys and links (the padded key is the key, XORed with a constant) is wiped first.
   */
  public static void give(ChainMac m) {
    Arrays.fill(m.pad, (byte) 0);
    Arrays.fill(m.inner, (byte) 0);
    Arrays.fill(m.chain, (byte) 0);
    int start = (int) Thread.currentThread().threadId();
    for (int i = 0; i < 4; i++) {
      if (POOL.compareAndSet((start + i) & (SLOTS - 1), null, m)) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // HMAC-SHA256 and cap ids

  /** A buffer of at least {@code size} bytes to build a MAC input in. */
  public byte[] input(int size) {
    if (input.length < size) {
      input = new byte[Math.max(size, 2 * input.length)];
    }
    return input;
  }

  /**
   * Writes HMAC-SHA256 of the first {@code length} bytes of {@code message} under {@code key} (at
   * most 64 bytes; 32 here) to the first 32 bytes of {@code out}, which may be {@code key} itself.
   */
  public void mac(byte[] key, byte[] message, int length, byte[] out) {
    if (key.length > BLOCK) {
      throw new IllegalArgumentException("a chain key is at most " + BLOCK + " bytes");
    }
    padKey(key, (byte) 0x36);
    sha.update(pad);
    sha.update(message, 0, length);
    finish(inner);
    padKey(key, (byte) 0x5c);
    sha.update(pad);
    sha.update(inner);
    finish(out);
  }

  private void padKey(byte[] key, byte with) {
    int i = 0;
    for (; i < key.length; i++) {
      pad[i] = (byte) (key[i] ^ with);
    }
    for (; i < BLOCK; i++) {
      pad[i] = with;
    }
  }

  private void finish(byte[] out) {
    try {
      sha.digest(out, 0, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    }
  }

  /** The id of a chain prefix ending in {@code link}; see {@link CapId}. */
  public CapId id(byte[] link) {
    sha.update(ID_DOMAIN);
    sha.update(link, 0, LENGTH);
    finish(digest);
    return new CapId((long) LONG_BE.get(digest, 0), (long) LONG_BE.get(digest, 8));
  }

  /** HMAC-SHA256 of {@code message} under {@code key} (32 bytes), as a new array. */
  public static byte[] mac(byte[] key, byte[] message) {
    byte[] out = new byte[LENGTH];
    ChainMac m = take();
    try {
      m.mac(key, message, message.length, out);
    } finally {
      give(m);
    }
    return out;
  }
}
