package corral.runtime.cap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capnproto.ArrayOutputStream;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.PrimitiveList;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;
import org.capnproto.SerializePacked;
import org.capnproto.StructList;

/**
 * The two encodings of a capability.
 *
 * <p><b>Wire form</b>: one Cap'n Proto message with a {@code CapSchema.Capability} root, one
 * segment, packed. Decoding is bounded (at most {@value #MAX_WORDS} words, 64 caveats) and accepts
 * only the canonical encoding: the decoded values are encoded again and the bytes must be the same.
 * So every accepted text form stands for exactly one capability, and any change to it either fails
 * to decode or changes a value the MAC covers.
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
  private static final ReaderOptions READER_OPTIONS = new ReaderOptions(MAX_WORDS, 8);

  private CapabilityCodec() {}

  // ---------------------------------------------------------------------------------------
  // MAC input

  static byte[] rootInput(long instanceId, long nonce, List<Grant> grants) {
    ByteBuffer b = ByteBuffer.allocate(ROOT.length + 16 + grantsSize(grants));
    b.put(ROOT).putLong(instanceId).putLong(nonce);
    putGrants(b, grants);
    return b.array();
  }

  static byte[] caveatInput(Caveat caveat) {
    return switch (caveat) {
      case Caveat.Allow a -> {
        ByteBuffer b = ByteBuffer.allocate(CAVEAT.length + 1 + grantsSize(a.grants()));
        b.put(CAVEAT).put((byte) 1);
        putGrants(b, a.grants());
        yield b.array();
      }
      case Caveat.ExpiresAt e ->
          ByteBuffer.allocate(CAVEAT.length + 9)
              .put(CAVEAT)
              .put((byte) 2)
              .putLong(e.notAfter().toEpochMilli())
              .array();
    };
  }

  private static int grantsSize(List<Grant> grants) {
    int n = 4;
    for (Grant g : grants) {
      n += 12 + 2 * g.methods().size();
    }
    return n;
  }

  private static void putGrants(ByteBuffer b, List<Grant> grants) {
    b.putInt(grants.size());
    for (Grant g : grants) {
      b.putLong(g.interfaceId()).putInt(g.methods().size());
      g.methods().ordinals().forEach(o -> b.putShort((short) o));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Wire form

  static byte[] encode(Capability cap) {
    MessageBuilder message = new MessageBuilder();
    CapSchema.Capability.Builder root = message.initRoot(CapSchema.Capability.factory);
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
    Capability cap;
    try {
      cap = read(unpack(packed));
    } catch (RuntimeException e) {
      throw new Malformed("not a capability message (" + e.getMessage() + ")");
    }
    byte[] canonical = encode(cap);
    if (!Arrays.equals(canonical, packed)) {
      throw new Malformed(
          "not in canonical form: the message differs from its canonical encoding at byte "
              + Math.max(0, Arrays.mismatch(canonical, packed)));
    }
    return cap;
  }

  /**
   * Unpacks Cap'n Proto packed encoding into at most {@code MAX_WORDS + 1} words, then checks the
   * segment table: one segment, exactly as long as the rest. Our own loop rather than the runtime's
   * {@code PackedInputStream}, which can spin forever on some malformed input.
   */
  private static ByteBuffer unpack(byte[] packed) throws Malformed {
    byte[] out = new byte[(MAX_WORDS + 1) * 8];
    int in = 0;
    int pos = 0;
    while (in < packed.length) {
      if (pos + 8 > out.length) {
        throw new Malformed("the message is longer than " + MAX_WORDS + " words");
      }
      int tag = packed[in++] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        if ((tag & (1 << bit)) != 0) {
          if (in >= packed.length) {
            throw new Malformed("the message is truncated");
          }
          out[pos] = packed[in++];
        }
        pos++;
      }
      if (tag == 0x00 || tag == 0xFF) {
        if (in >= packed.length) {
          throw new Malformed("the message is truncated");
        }
        int words = packed[in++] & 0xFF;
        if (pos + words * 8 > out.length) {
          throw new Malformed("the message is longer than " + MAX_WORDS + " words");
        }
        if (tag == 0xFF) {
          if (in + words * 8 > packed.length) {
            throw new Malformed("the message is truncated");
          }
          System.arraycopy(packed, in, out, pos, words * 8);
          in += words * 8;
        }
        pos += words * 8;
      }
    }
    if (pos < 8) {
      throw new Malformed("the message is truncated");
    }
    ByteBuffer all = ByteBuffer.wrap(out, 0, pos).order(ByteOrder.LITTLE_ENDIAN);
    long segments = Integer.toUnsignedLong(all.getInt(0)) + 1;
    long words = Integer.toUnsignedLong(all.getInt(4));
    if (segments != 1) {
      throw new Malformed("the message has " + segments + " segments, not 1");
    }
    if (words == 0 || words * 8 != pos - 8) {
      throw new Malformed(
          "the message's segment claims " + words + " words but " + (pos - 8) / 8 + " follow");
    }
    return ByteBuffer.wrap(out, 8, pos - 8).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Capability read(ByteBuffer segment) throws Malformed {
    MessageReader message = new MessageReader(new ByteBuffer[] {segment}, READER_OPTIONS);
    CapSchema.Capability.Reader root = message.getRoot(CapSchema.Capability.factory);
    List<Grant> grants = readGrants(root.getGrants(), "the root grants");
    if (grants.isEmpty()) {
      throw new Malformed("the root grants no interface");
    }
    StructList.Reader<CapSchema.Caveat.Reader> rawCaveats = root.getCaveats();
    if (rawCaveats.size() > MAX_CAVEATS) {
      throw new Malformed(
          "the cap has " + rawCaveats.size() + " caveats; at most " + MAX_CAVEATS + " are allowed");
    }
    List<Caveat> caveats = new ArrayList<>(rawCaveats.size());
    for (int i = 0; i < rawCaveats.size(); i++) {
      CapSchema.Caveat.Reader c = rawCaveats.get(i);
      caveats.add(
          switch (c.which()) {
            case ALLOW -> new Caveat.Allow(readGrants(c.getAllow(), "caveat " + i));
            case EXPIRES_AT -> {
              if (c.getExpiresAt() <= 0) {
                throw new Malformed(
                    "caveat "
                        + i
                        + " expires at "
                        + Long.toUnsignedString(c.getExpiresAt())
                        + " ms, which is not a time after the epoch");
              }
              yield new Caveat.ExpiresAt(Instant.ofEpochMilli(c.getExpiresAt()));
            }
            case _NOT_IN_SCHEMA ->
                throw new Malformed(
                    "caveat " + i + " is of a kind this version of Corral does not know");
          });
    }
    if (root.getMac().size() != ChainMac.LENGTH) {
      throw new Malformed(
          "the MAC is " + root.getMac().size() + " bytes long, not " + ChainMac.LENGTH);
    }
    return new Capability(
        root.getInstanceId(), root.getNonce(), grants, caveats, root.getMac().toArray());
  }

  private static List<Grant> readGrants(StructList.Reader<CapSchema.Grant.Reader> in, String where)
      throws Malformed {
    List<Grant> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      CapSchema.Grant.Reader g = in.get(i);
      if (i > 0 && Long.compareUnsigned(g.getInterfaceId(), out.get(i - 1).interfaceId()) <= 0) {
        throw new Malformed(where + " list interfaces out of ascending order or twice");
      }
      PrimitiveList.Short.Reader methods = g.getMethods();
      int[] ordinals = new int[methods.size()];
      for (int j = 0; j < ordinals.length; j++) {
        ordinals[j] = Short.toUnsignedInt(methods.get(j));
        if (j > 0 && ordinals[j] <= ordinals[j - 1]) {
          throw new Malformed(
              where
                  + " list methods of interface "
                  + Capability.hexId(g.getInterfaceId())
                  + " out of ascending order or twice ("
                  + ordinals[j]
                  + " after "
                  + ordinals[j - 1]
                  + ")");
        }
      }
      out.add(new Grant(g.getInterfaceId(), MethodSet.of(ordinals)));
    }
    return out;
  }
}
