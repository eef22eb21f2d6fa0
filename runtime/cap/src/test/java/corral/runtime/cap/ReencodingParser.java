package corral.runtime.cap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.capnproto.MessageReader;
import org.capnproto.PrimitiveList;
import org.capnproto.ReaderOptions;
import org.capnproto.StructList;

/**
 * The first parser of the text form, kept as a reference: it decodes with Cap'n Proto's reader and
 * proves canonicity by encoding the result again and comparing bytes (and the same for base64).
 * Obviously right and slow (about 4 us); {@link CapabilityText#parse} must accept exactly the texts
 * this accepts, as the same capabilities ({@code CapabilityTest}), and {@code CapabilityBenchmark}
 * measures the two side by side.
 */
final class ReencodingParser {
  private static final ReaderOptions READER_OPTIONS =
      new ReaderOptions(CapabilityCodec.MAX_WORDS, 8);

  private ReencodingParser() {}

  /** Parses a text form the old way. */
  static CapabilityText.Parse parse(String text) {
    if (text == null || text.isEmpty()) {
      return new CapabilityText.Malformed("the capability is empty");
    }
    String s = text.strip();
    if (s.length() > CapabilityText.MAX_LENGTH) {
      return new CapabilityText.Malformed(
          "the capability is "
              + s.length()
              + " characters long; at most "
              + CapabilityText.MAX_LENGTH
              + " are allowed");
    }
    if (!s.startsWith(CapabilityText.PREFIX)) {
      int colon = s.indexOf(':');
      return new CapabilityText.Malformed(
          colon > 0 && colon < 16 && s.startsWith("corral")
              ? "the capability has format '"
                  + s.substring(0, colon)
                  + "', which this version of Corral does not read (it reads "
                  + CapabilityText.PREFIX
                  + ")"
              : "the capability does not start with '" + CapabilityText.PREFIX + "'");
    }
    String body = s.substring(CapabilityText.PREFIX.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return new CapabilityText.Malformed(
            "character "
                + (CapabilityText.PREFIX.length() + i + 1)
                + " of the capability is "
                + ("" + c)
                + ", which is not URL-safe base64 (A-Z a-z 0-9 - _, no padding)");
      }
    }
    if (body.length() % 4 == 1) {
      return new CapabilityText.Malformed(
          "the capability is truncated: its base64 ends in a lone character");
    }
    byte[] packed = Base64.getUrlDecoder().decode(body);
    Capability cap;
    try {
      cap = decode(packed);
    } catch (CapabilityCodec.Malformed e) {
      return new CapabilityText.Malformed("the capability is malformed: " + e.getMessage());
    }
    if (!CapabilityText.format(cap).equals(s)) {
      return new CapabilityText.Malformed("the capability's base64 is not in canonical form");
    }
    return new CapabilityText.Parsed(cap);
  }

  /**
   * Decodes the packed bytes of a capability.
   *
   * @throws CapabilityCodec.Malformed with a message naming what is wrong
   */
  static Capability decode(byte[] packed) throws CapabilityCodec.Malformed {
    Capability cap;
    try {
      cap = read(unpack(packed));
    } catch (RuntimeException e) {
      throw new CapabilityCodec.Malformed("not a capability message (" + e.getMessage() + ")");
    }
    byte[] canonical = CapabilityCodec.encode(cap);
    if (!Arrays.equals(canonical, packed)) {
      throw new CapabilityCodec.Malformed(
          "not in canonical form: the message differs from its canonical encoding at byte "
              + Math.max(0, Arrays.mismatch(canonical, packed)));
    }
    return cap;
  }

  /**
   * Unpacks Cap'n Proto packed encoding into at most {@code CapabilityCodec.MAX_WORDS + 1} words,
   * then checks the segment table: one segment, exactly as long as the rest. Our own loop rather
   * than the runtime's {@code PackedInputStream}, which can spin forever on some malformed input.
   */
  private static ByteBuffer unpack(byte[] packed) throws CapabilityCodec.Malformed {
    byte[] out = new byte[(CapabilityCodec.MAX_WORDS + 1) * 8];
    int in = 0;
    int pos = 0;
    while (in < packed.length) {
      if (pos + 8 > out.length) {
        throw new CapabilityCodec.Malformed(
            "the message is longer than " + CapabilityCodec.MAX_WORDS + " words");
      }
      int tag = packed[in++] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        if ((tag & (1 << bit)) != 0) {
          if (in >= packed.length) {
            throw new CapabilityCodec.Malformed("the message is truncated");
          }
          out[pos] = packed[in++];
        }
        pos++;
      }
      if (tag == 0x00 || tag == 0xFF) {
        if (in >= packed.length) {
          throw new CapabilityCodec.Malformed("the message is truncated");
        }
        int words = packed[in++] & 0xFF;
        if (pos + words * 8 > out.length) {
          throw new CapabilityCodec.Malformed(
              "the message is longer than " + CapabilityCodec.MAX_WORDS + " words");
        }
        if (tag == 0xFF) {
          if (in + words * 8 > packed.length) {
            throw new CapabilityCodec.Malformed("the message is truncated");
          }
          System.arraycopy(packed, in, out, pos, words * 8);
          in += words * 8;
        }
        pos += words * 8;
      }
    }
    if (pos < 8) {
      throw new CapabilityCodec.Malformed("the message is truncated");
    }
    ByteBuffer all = ByteBuffer.wrap(out, 0, pos).order(ByteOrder.LITTLE_ENDIAN);
    long segments = Integer.toUnsignedLong(all.getInt(0)) + 1;
    long words = Integer.toUnsignedLong(all.getInt(4));
    if (segments != 1) {
      throw new CapabilityCodec.Malformed("the message has " + segments + " segments, not 1");
    }
    if (words == 0 || words * 8 != pos - 8) {
      throw new CapabilityCodec.Malformed(
          "the message's segment claims " + words + " words but " + (pos - 8) / 8 + " follow");
    }
    return ByteBuffer.wrap(out, 8, pos - 8).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Capability read(ByteBuffer segment) throws CapabilityCodec.Malformed {
    MessageReader message = new MessageReader(new ByteBuffer[] {segment}, READER_OPTIONS);
    CapSchema.CapToken.Reader root = message.getRoot(CapSchema.CapToken.factory);
    List<Grant> grants = readGrants(root.getGrants(), "the root grants");
    if (grants.isEmpty()) {
      throw new CapabilityCodec.Malformed("the root grants no interface");
    }
    StructList.Reader<CapSchema.Caveat.Reader> rawCaveats = root.getCaveats();
    if (rawCaveats.size() > CapabilityCodec.MAX_CAVEATS) {
      throw new CapabilityCodec.Malformed(
          "the cap has "
              + rawCaveats.size()
              + " caveats; at most "
              + CapabilityCodec.MAX_CAVEATS
              + " are allowed");
    }
    List<Caveat> caveats = new ArrayList<>(rawCaveats.size());
    for (int i = 0; i < rawCaveats.size(); i++) {
      CapSchema.Caveat.Reader c = rawCaveats.get(i);
      caveats.add(
          switch (c.which()) {
            case ALLOW -> new Caveat.Allow(readGrants(c.getAllow(), "caveat " + i));
            case EXPIRES_AT -> {
              if (c.getExpiresAt() <= 0) {
                throw new CapabilityCodec.Malformed(
                    "caveat "
                        + i
                        + " expires at "
                        + Long.toUnsignedString(c.getExpiresAt())
                        + " ms, which is not a time after the epoch");
              }
              yield new Caveat.ExpiresAt(Instant.ofEpochMilli(c.getExpiresAt()));
            }
            case _NOT_IN_SCHEMA ->
                throw new CapabilityCodec.Malformed(
                    "caveat " + i + " is of a kind this version of Corral does not know");
          });
    }
    if (root.getMac().size() != ChainMac.LENGTH) {
      throw new CapabilityCodec.Malformed(
          "the MAC is " + root.getMac().size() + " bytes long, not " + ChainMac.LENGTH);
    }
    return new Capability(
        root.getInstanceId(), root.getNonce(), grants, caveats, root.getMac().toArray());
  }

  private static List<Grant> readGrants(StructList.Reader<CapSchema.Grant.Reader> in, String where)
      throws CapabilityCodec.Malformed {
    List<Grant> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      CapSchema.Grant.Reader g = in.get(i);
      if (i > 0 && Long.compareUnsigned(g.getInterfaceId(), out.get(i - 1).interfaceId()) <= 0) {
        throw new CapabilityCodec.Malformed(
            where + " list interfaces out of ascending order or twice");
      }
      PrimitiveList.Short.Reader methods = g.getMethods();
      int[] ordinals = new int[methods.size()];
      for (int j = 0; j < ordinals.length; j++) {
        ordinals[j] = Short.toUnsignedInt(methods.get(j));
        if (j > 0 && ordinals[j] <= ordinals[j - 1]) {
          throw new CapabilityCodec.Malformed(
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
