package corral.runtime.cap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capnproto.ArrayOutputStream;
import org.capnproto.MessageBuilder;
import org.capnproto.PrimitiveList;
import org.capnproto.Serialize;
import org.capnproto.SerializePacked;
import org.capnproto.StructList;

/**
 * The two encodings of a capability.
 *
 * <p><b>Wire form</b>: one Cap'n Proto message with a {@code CapSchema.CapToken} root, one segment,
 * packed. Decoding is bounded (at most {@value #MAX_WORDS} words, 64 caveats) and accepts only the
 * canonical encoding, the bytes {@link #encode} writes for the decoded values (checked while
 * decoding; see {@link #decode(byte[], int)}). So every accepted text form stands for exactly one
 * capability, and any change to it either fails to decode or changes a value the MAC covers.
 *
 * <p><b>MAC input</b>: a fixed big-endian byte string per link of the chain, independent of Cap'n
 * Proto's layout:
 *
 * <pre>
 *   root   = "corral1 root\0"   instanceId:u64 nonce:u64 grants
 *   caveat = "corral1 caveat\0" 0x01 grants            (allow)
 *          | "corral1 caveat\0" 0x02 expiresAtMs:u64   (expiresAt)
 *   grants = count:u32 { interfaceId:u64 count:u32 { ordinal:u16 } }
 * </pre>
 */
final class CapabilityCodec {
  static final int MAX_WORDS = 1024;
  static final int MAX_CAVEATS = 64;

  private static final byte[] ROOT = "corral1 root\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CAVEAT = "corral1 caveat\0".getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private CapabilityCodec() {}

  // ---------------------------------------------------------------------------------------
  // MAC input

  static byte[] rootInput(long instanceId, long nonce, List<Grant> grants) {
    byte[] b = new byte[rootInputSize(grants)];
    writeRootInput(b, instanceId, nonce, grants);
    return b;
  }

  static byte[] caveatInput(Caveat caveat) {
    byte[] b = new byte[caveatInputSize(caveat)];
    writeCaveatInput(b, caveat);
    return b;
  }

  /** The length of the root's MAC input. */
  static int rootInputSize(List<Grant> grants) {
    return ROOT.length + 16 + grantsSize(grants);
  }

  /** Writes the root's MAC input at the start of {@code b}; returns its length. */
  static int writeRootInput(byte[] b, long instanceId, long nonce, List<Grant> grants) {
    System.arraycopy(ROOT, 0, b, 0, ROOT.length);
    int p = ROOT.length;
    LONG.set(b, p, instanceId);
    LONG.set(b, p + 8, nonce);
    return putGrants(b, p + 16, grants);
  }

  /** The length of a caveat's MAC input. */
  static int caveatInputSize(Caveat caveat) {
    return CAVEAT.length
        + 1
        + switch (caveat) {
          case Caveat.Allow a -> grantsSize(a.grants());
          case Caveat.ExpiresAt e -> 8;
        };
  }

  /** Writes a caveat's MAC input at the start of {@code b}; returns its length. */
  static int writeCaveatInput(byte[] b, Caveat caveat) {
    System.arraycopy(CAVEAT, 0, b, 0, CAVEAT.length);
    int p = CAVEAT.length;
    return switch (caveat) {
      case Caveat.Allow a -> {
        b[p] = 1;
        yield putGrants(b, p + 1, a.grants());
      }
      case Caveat.ExpiresAt e -> {
        b[p] = 2;
        LONG.set(b, p + 1, e.notAfter().toEpochMilli());
        yield p + 9;
      }
    };
  }

  private static int grantsSize(List<Grant> grants) {
    int n = 4;
    for (int i = 0; i < grants.size(); i++) {
      n += 12 + 2 * grants.get(i).methods().size();
    }
    return n;
  }

  private static int putGrants(byte[] b, int p, List<Grant> grants) {
    INT.set(b, p, grants.size());
    p += 4;
    for (int i = 0; i < grants.size(); i++) {
      Grant g = grants.get(i);
      LONG.set(b, p, g.interfaceId());
      INT.set(b, p + 8, g.methods().size());
      p = g.methods().writeOrdinals(b, p + 12);
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------
  // Wire form

  static byte[] encode(Capability cap) {
    MessageBuilder message = new MessageBuilder();
    CapSchema.CapToken.Builder root = message.initRoot(CapSchema.CapToken.factory);
    root.setInstanceId(cap.instanceId());
    root.setNonce(cap.nonce());
    buildGrants(root.initGrants(cap.grants().size()), cap.grants());
    StructList.Builder<CapSchema.Caveat.Builder> caveats = root.initCaveats(cap.caveats().size());
    for (int i = 0; i < cap.caveats().size(); i++) {
      switch (cap.caveats().get(i)) {
        case Caveat.Allow a -> buildGrants(caveats.get(i).initAllow(a.grants().size()), a.grants());
        case Caveat.ExpiresAt e -> caveats.get(i).setExpiresAt(e.notAfter().toEpochMilli());
      }
    }
    root.setMac(cap.macBytes());
    long words = Serialize.computeSerializedSizeInWords(message);
    ArrayOutputStream out = new ArrayOutputStream(ByteBuffer.allocate((int) (words * 10 + 16)));
    try {
      SerializePacked.write(out, message);
    } catch (IOException e) {
      throw new UncheckedIOException("packing into memory failed", e);
    }
    ByteBuffer buf = out.getWriteBuffer();
    return Arrays.copyOf(buf.array(), buf.position());
  }

  private static void buildGrants(StructList.Builder<CapSchema.Grant.Builder> out, List<Grant> in) {
    for (int i = 0; i < in.size(); i++) {
      Grant g = in.get(i);
      out.get(i).setInterfaceId(g.interfaceId());
      int[] ordinals = g.methods().ordinals().toArray();
      PrimitiveList.Short.Builder methods = out.get(i).initMethods(ordinals.length);
      for (int j = 0; j < ordinals.length; j++) {
        methods.set(j, (short) ordinals[j]);
      }
    }
  }

  /** Thrown only inside this package, to carry the reason a wire form is malformed. */
  static final class Malformed extends Exception {
    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Decodes the packed bytes of a capability.
   *
   * @throws Malformed with a message naming what is wrong
   */
  static Capability decode(byte[] packed) throws Malformed {
    return decode(packed, packed.length);
  }

  /**
   * Decodes the first {@code length} bytes of {@code packed}, accepting only the canonical
   * encoding, checked while decoding rather than by encoding again:
   *
   * <ul>
   *   <li>packing: each tag has a bit set exactly for the word's non-zero bytes; a run of zero
   *       words (tag {@code 0x00}) and of verbatim words (tag {@code 0xFF}, words with at most one
   *       zero byte) is as long as the packer makes it — 255 words, or up to a word that ends it;
   *   <li>layout: the objects lie in the order {@link #encode} allocates them (root, grants and
   *       their method lists, caveats and their lists, MAC), each pointer points exactly at the
   *       next free word with exactly the sizes of the schema, unused bits are zero, and the last
   *       object ends at the end of the segment.
   * </ul>
   *
   * Bounded: at most {@value #MAX_WORDS} words are allocated, every count is checked against the
   * words left before anything is read or allocated, and every pointer is followed once.
   *
   * @throws Malformed with a message naming what is wrong
   */
  static Capability decode(byte[] packed, int length) throws Malformed {
    Unpacker in = new Unpacker(packed, length);
    long header = in.next();
    long segments = (header & 0xFFFFFFFFL) + 1;
    long words = header >>> 32;
    if (segments != 1) {
      throw new Malformed("the message has " + segments + " segments, not 1");
    }
    if (words == 0 || words > MAX_WORDS) {
      throw new Malformed(
          words == 0
              ? "the message's segment claims 0 words"
              : "the message is longer than " + MAX_WORDS + " words");
    }
    long[] segment = new long[(int) words];
    for (int i = 0; i < segment.length; i++) {
      segment[i] = in.next();
    }
    in.end(segment.length);
    try {
      return new SegmentReader(segment).capability();
    } catch (RuntimeException e) { // a value a constructor refuses; none is known to reach here
      throw new Malformed("not a capability message (" + e.getMessage() + ")");
    }
  }

  /**
   * Cap'n Proto packed decoding, one word at a time, refusing any packing but the canonical one
   * (that of capnp-java's {@code PackedOutputStream}, which the text form is written with). Our own
   * loop rather than the runtime's {@code PackedInputStream}, which can spin forever on some
   * malformed input.
   */
  private static final class Unpacker {
    private final byte[] in;
    private final int length;
    private int pos;
    private int zeroWords; // left in the current run of zero words
    private int verbatimWords; // left in the current run of verbatim words
    private int after; // what the word after a finished run must not be: 0 none, 1 zero, 2 literal
    private int words; // words produced after the header

    Unpacker(byte[] in, int length) {
      this.in = in;
      this.length = length;
    }

    private int nextByte() throws Malformed {
      if (pos >= length) {
        throw new Malformed("the message is truncated");
      }
      return in[pos++] & 0xFF;
    }

    long next() throws Malformed {
      if (words++ > MAX_WORDS) {
        throw new Malformed("the message is longer than " + MAX_WORDS + " words");
      }
      if (zeroWords > 0) {
        zeroWords--;
        return 0;
      }
      if (verbatimWords > 0) {
        verbatimWords--;
        long w = 0;
        int zeros = 0;
        for (int b = 0; b < 8; b++) {
          int v = nextByte();
          zeros += v == 0 ? 1 : 0;
          w |= (long) v << (8 * b);
        }
        if (zeros > 1) {
          throw notCanonical("a verbatim word has " + zeros + " zero bytes");
        }
        return w;
      }
      int tag = nextByte();
      if ((after == 1 && tag == 0) || (after == 2 && Integer.bitCount(tag) >= 7)) {
        throw notCanonical("a packed run ends early");
      }
      after = 0;
      if (length - pos < Integer.bitCount(tag)) {
        throw new Malformed("the message is truncated");
      }
      long w = 0;
      for (int t = tag; t != 0; t &= t - 1) {
        int v = in[pos++] & 0xFF;
        if (v == 0) {
          throw notCanonical("a packed zero byte");
        }
        w |= (long) v << (8 * Integer.numberOfTrailingZeros(t));
      }
      if (tag == 0x00) {
        zeroWords = nextByte();
        after = zeroWords < 255 ? 1 : 0;
      } else if (tag == 0xFF) {
        verbatimWords = nextByte();
        after = verbatimWords < 255 ? 2 : 0;
      }
      return w;
    }

    /** Checks that the input ends exactly after {@code segmentWords} words of the segment. */
    void end(int segmentWords) throws Malformed {
      if (zeroWords > 0 || verbatimWords > 0 || pos < length) {
        throw new Malformed(
            "the message's segment claims "
                + segmentWords
                + " words but "
                + (pos < length ? "more" : "fewer")
                + " follow");
      }
      // The packer's runs stop at the end of the segment, so a run ending there is canonical.
    }
  }

  private static Malformed notCanonical(String what) {
    return new Malformed("not in canonical form: " + what);
  }

  /**
   * Reads the capability from its one segment, following the allocation order of {@link #encode}:
   * {@code next} is the first word not yet claimed by an object, and each pointer must point there.
   *
   * <pre>
   *   [root ptr][instanceId][nonce][grants ptr][caveats ptr][mac ptr]
   *   [grants: tag, (interfaceId, methods ptr)*][methods lists...]
   *   [caveats: tag, (which, expiresAt, allow ptr)*][per allow caveat: grants list, methods lists]
   *   [mac: 4 words]
   * </pre>
   */
  private static final class SegmentReader {
    private final long[] w;
    private int next;

    SegmentReader(long[] segment) {
      this.w = segment;
    }

    Capability capability() throws Malformed {
      expectStruct(0, 2, 3);
      int root = next;
      claim(5);
      List<Grant> grants = grants(root + 2, -1);
      if (grants.isEmpty()) {
        throw new Malformed("the root grants no interface");
      }
      int caveatCount = compositeCount(root + 3, 2, 1);
      if (caveatCount > MAX_CAVEATS) {
        throw new Malformed(
            "the cap has " + caveatCount + " caveats; at most " + MAX_CAVEATS + " are allowed");
      }
      int caveatsAt = claimComposite(root + 3, caveatCount, 2, 1);
      List<Caveat> caveats = new ArrayList<>(caveatCount);
      for (int i = 0; i < caveatCount; i++) {
        int c = caveatsAt + 3 * i;
        long which = w[c]; // the union's discriminant; expiresAt is the second word
        long expiresAt = w[c + 1];
        if (which == 0) {
          if (expiresAt != 0) {
            throw notCanonical("caveat " + i + " holds a value outside its union member");
          }
          List<Grant> allowed = grants(c + 2, i);
          if (allowed.isEmpty()) {
            throw new Malformed("caveat " + i + " allows no interface");
          }
          caveats.add(new Caveat.Allow(allowed));
        } else if (which == 1) {
          if (w[c + 2] != 0) {
            throw notCanonical("caveat " + i + " holds a pointer outside its union member");
          }
          if (expiresAt <= 0) {
            throw new Malformed(
                "caveat "
                    + i
                    + " expires at "
                    + Long.toUnsignedString(expiresAt)
                    + " ms, which is not a time after the epoch");
          }
          caveats.add(new Caveat.ExpiresAt(Instant.ofEpochMilli(expiresAt)));
        } else if ((which & ~0xFFFFL) == 0) {
          throw new Malformed("caveat " + i + " is of a kind this version of Corral does not know");
        } else {
          throw notCanonical("caveat " + i + " has bits set outside its fields");
        }
      }
      byte[] mac = mac(root + 4);
      if (next != w.length) {
        throw notCanonical("the segment has " + (w.length - next) + " unused words at its end");
      }
      return new Capability(w[root], w[root + 1], grants, caveats, mac);
    }

    /** Claims {@code n} words at {@code next}, or throws if the segment is shorter. */
    private int claim(long n) throws Malformed {
      if (n > w.length - next) {
        throw new Malformed(
            "an object of " + n + " words at word " + next + " runs past the segment's end");
      }
      int at = next;
      next += (int) n;
      return at;
    }

    /** The offset field a pointer at {@code ptr} must hold to point at {@code next}. */
    private long offsetTo(int ptr) {
      return ((long) (next - ptr - 1) << 2) & 0xFFFFFFFFL;
    }

    private void expectStruct(int ptr, int data, int ptrs) throws Malformed {
      next = ptr + 1;
      if (w[ptr] != (offsetTo(ptr) | (long) data << 32 | (long) ptrs << 48)) {
        throw notCanonical("the root pointer");
      }
    }

    /** The element count of the composite list at {@code ptr}, checked to fit the segment. */
    private int compositeCount(int ptr, int data, int ptrs) throws Malformed {
      long p = w[ptr];
      if ((p & 0xFFFFFFFFL) != (offsetTo(ptr) | 1) || ((p >>> 32) & 7) != 7) {
        throw notCanonical("the list pointer at word " + ptr);
      }
      if (next >= w.length) {
        throw new Malformed("a list at word " + next + " runs past the segment's end");
      }
      long tag = w[next];
      long count = (tag & 0xFFFFFFFFL) >>> 2;
      if ((tag & 3) != 0 || tag >>> 32 != ((long) data | (long) ptrs << 16)) {
        throw notCanonical("the list tag at word " + next);
      }
      if (p >>> 35 != count * (data + ptrs)) {
        throw notCanonical("the list pointer at word " + ptr + " disagrees with its tag");
      }
      if (count * (data + ptrs) > w.length - next - 1) {
        throw new Malformed(
            "a list of " + count + " elements at word " + next + " runs past the segment's end");
      }
      return (int) count;
    }

    private int claimComposite(int ptr, int count, int data, int ptrs) throws Malformed {
      return claim(1 + (long) count * (data + ptrs)) + 1;
    }

    /** Where a list of grants is, for messages: {@code caveat} is -1 for the root's. */
    private static String where(int caveat) {
      return caveat < 0 ? "the root grants" : "caveat " + caveat;
    }

    private List<Grant> grants(int ptr, int caveat) throws Malformed {
      int n = compositeCount(ptr, 1, 1);
      int at = claimComposite(ptr, n, 1, 1);
      Grant[] out = new Grant[n];
      for (int i = 0; i < n; i++) {
        long interfaceId = w[at + 2 * i];
        if (i > 0 && Long.compareUnsigned(interfaceId, out[i - 1].interfaceId()) <= 0) {
          throw new Malformed(where(caveat) + " list interfaces out of ascending order or twice");
        }
        out[i] = new Grant(interfaceId, methods(at + 2 * i + 1, caveat, interfaceId));
      }
      return List.of(out);
    }

    private MethodSet methods(int ptr, int caveat, long interfaceId) throws Malformed {
      long p = w[ptr];
      long count = p >>> 35;
      if ((p & 0xFFFFFFFFL) != (offsetTo(ptr) | 1) || ((p >>> 32) & 7) != 3) {
        throw notCanonical("the method list pointer at word " + ptr);
      }
      int at = claim((count + 3) / 4);
      int n = (int) count;
      int prev = -1;
      for (int j = 0; j < n; j++) {
        int o = ordinal(at, j);
        if (o <= prev) {
          throw new Malformed(
              where(caveat)
                  + " list methods of interface "
                  + Capability.hexId(interfaceId)
                  + " out of ascending order or twice ("
                  + o
                  + " after "
                  + prev
                  + ")");
        }
        prev = o;
      }
      if (count % 4 != 0 && w[at + (int) (count / 4)] >>> (16 * (count % 4)) != 0) {
        throw notCanonical("padding after the methods at word " + ptr);
      }
      if (n == 0) {
        return MethodSet.empty();
      }
      long[] words = new long[(prev >>> 6) + 1]; // ascending: prev is the highest
      for (int j = 0; j < n; j++) {
        int o = ordinal(at, j);
        words[o >>> 6] |= 1L << o;
      }
      return MethodSet.ofWords(words);
    }

    private int ordinal(int at, int j) {
      return (int) (w[at + j / 4] >>> (16 * (j % 4))) & 0xFFFF;
    }

    private byte[] mac(int ptr) throws Malformed {
      long p = w[ptr];
      long count = p >>> 35;
      if (((p >>> 32) & 7) == 2 && count != ChainMac.LENGTH) {
        throw new Malformed("the MAC is " + count + " bytes long, not " + ChainMac.LENGTH);
      }
      if (p != (offsetTo(ptr) | 1 | 2L << 32 | (long) ChainMac.LENGTH << 35)) {
        throw notCanonical("the MAC pointer");
      }
      int at = claim(ChainMac.LENGTH / 8);
      byte[] mac = new byte[ChainMac.LENGTH];
      for (int k = 0; k < mac.length; k++) {
        mac[k] = (byte) (w[at + k / 8] >>> (8 * (k % 8)));
      }
      return mac;
    }
  }
}
