package corral.runtime.rpc;

import corral.idl.reflect.WireStruct;
import org.capnproto.AnyPointer;
import org.capnproto.Arena;
import org.capnproto.ElementSize;
import org.capnproto.FromPointerReader;
import org.capnproto.ListBuilder;
import org.capnproto.ListReader;
import org.capnproto.PrimitiveList;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructList;
import org.capnproto.StructSize;
import org.capnproto.TextList;

/**
 * Copies what a pointer points at from one message into another, capability pointers included (the
 * {@code org.capnproto} copier refuses them): each capability is added to the destination's cap
 * table with a reference of its own. This is how parameters and results that hold capabilities
 * travel from one connection to another, or from a received message into one being built.
 *
 * <pre>
 *   source (any message)                     destination (an RPC message being built)
 *   struct ─┬─ data bytes          ──copy──▶ struct ─┬─ data bytes
 *           ├─ struct / list ptr   ──recurse─▶        ├─ struct / list ptr
 *           └─ cap #i ──▶ table[i] ──addRef─▶         └─ cap #j ──▶ table[j] (same hook)
 * </pre>
 *
 * <p>Reading goes through the runtime's own readers (bounds, far pointers, the traversal limit of
 * the source message); only the raw contents of structs and lists are moved here. Output is
 * canonical in shape (no far pointers of its own beyond what the allocator makes) but not
 * word-for-word identical to the source.
 */
final class PointerCopier {
  private PointerCopier() {}

  /**
   * Replaces {@code to} with a copy of what {@code from} points at.
   *
   * @throws IllegalStateException if the source holds capabilities and the destination message was
   *     not made for RPC, or a pointer kind is unknown
   * @throws org.capnproto.DecodeException if the source is malformed or exceeds its read limits
   */
  static void copy(AnyPointer.Reader from, AnyPointer.Builder to) {
    to.clear();
    SegmentReader seg = (SegmentReader) RuntimeFields.ANY_READER_SEGMENT.get(from);
    int at = (int) RuntimeFields.ANY_READER_POINTER.get(from);
    int nesting = (int) RuntimeFields.ANY_READER_NESTING.get(from);
    copyPointer(
        seg,
        at,
        nesting,
        (SegmentBuilder) RuntimeFields.ANY_BUILDER_SEGMENT.get(to),
        (int) RuntimeFields.ANY_BUILDER_POINTER.get(to));
  }

  private static void copyPointer(
      SegmentReader seg, int at, int nesting, SegmentBuilder dst, int dstAt) {
    long word = seg.get(at);
    if (word == 0) {
      dst.put(dstAt, 0L);
      return;
    }
    if (nesting <= 0) {
      throw new org.capnproto.DecodeException("message is nested too deeply to copy");
    }
    AnyPointer.Reader from = new AnyPointer.Reader(seg, at, nesting);
    AnyPointer.Builder to = new AnyPointer.Builder(dst, dstAt);
    switch ((int) (word & 3)) {
      case 3 -> {
        if (!CapabilityPointers.isCapability(word)) {
          throw new IllegalStateException(
              "unknown pointer kind \"other\" word 0x" + Long.toHexString(word));
        }
        ClientHook hook = CapabilityPointers.hookAt(seg, word);
        try (Client cap = new Client(hook)) {
          CapabilityPointers.write(to, cap);
        }
      }
      case 0 -> copyStruct(from.getAs(WireStruct.ANY), to, nesting);
      case 1 -> copyList(from, listElementSize(word), to, nesting);
      default -> {
        long tag = farTag(seg, word);
        if ((tag & 3) == 0) {
          copyStruct(from.getAs(WireStruct.ANY), to, nesting);
        } else if ((tag & 3) == 1) {
          copyList(from, listElementSize(tag), to, nesting);
        } else {
          throw new org.capnproto.DecodeException("far pointer lands on a non-struct, non-list");
        }
      }
    }
  }

  /** The struct or list pointer a far pointer leads to (its landing pad's tag). */
  private static long farTag(SegmentReader seg, long far) {
    Arena arena = (Arena) RuntimeFields.SEGMENT_ARENA.get(seg);
    SegmentReader pad = arena.tryGetSegment((int) (far >>> 32));
    int padAt = (int) ((far >>> 3) & 0x1fffffff);
    boolean doubleFar = ((far >>> 2) & 1) != 0;
    if (pad == null || !pad.isInBounds(padAt, doubleFar ? 2 : 1)) {
      throw new org.capnproto.DecodeException("far pointer's landing pad is out of bounds");
    }
    return pad.get(padAt + (doubleFar ? 1 : 0));
  }

  private static byte listElementSize(long listPointer) {
    return (byte) ((listPointer >>> 32) & 7);
  }

  /**
   * Makes {@code to} carry the union discriminant (the first 16 bits of data) of the struct {@code
   * from} points at, and nothing else: what an {@code unimplemented} answer needs of a message.
   */
  static void copyDiscriminant(AnyPointer.Reader from, StructBuilder to) {
    WireStruct.Reader s = from.getAs(WireStruct.ANY);
    short discriminant = s.dataBits() >= 16 ? s.segment().buffer.getShort(s.dataByte()) : 0;
    SegmentBuilder seg = (SegmentBuilder) RuntimeFields.STRUCT_BUILDER_SEGMENT.get(to);
    seg.buffer.putShort((int) RuntimeFields.STRUCT_BUILDER_DATA.get(to), discriminant);
  }

  /**
   * Refuses a struct size the org.capnproto runtime cannot build: it takes section sizes, unsigned
   * 16-bit on the wire, as signed shorts, and would write a struct shorter than its pointer says.
   */
  private static void checkBuildable(int dataWords, short pointers) {
    if (dataWords > Short.MAX_VALUE || pointers < 0) {
      throw new org.capnproto.DecodeException(
          "struct of "
              + dataWords
              + " data words and "
              + (pointers & 0xffff)
              + " pointers, more than this vat can copy (32767 of each)");
    }
  }

  private static void copyStruct(WireStruct.Reader s, AnyPointer.Builder to, int nesting) {
    int dataWords = (s.dataBits() + 63) / 64;
    checkBuildable(dataWords, s.pointerCount());
    WireStruct.Builder b =
        to.initAs(new WireStruct.Factory(new StructSize((short) dataWords, s.pointerCount())));
    copyBytes(s.segment(), s.dataByte(), b.segment(), b.dataByte(), s.dataBits() / 8);
    for (int i = 0; i < s.pointerCount(); i++) {
      copyPointer(s.segment(), s.pointerWord() + i, nesting - 1, b.segment(), b.pointerWord() + i);
    }
  }

  private static void copyList(AnyPointer.Reader from, byte size, AnyPointer.Builder to, int nest) {
    FromPointerReader<? extends ListReader> reader = listFactory(size);
    ListReader src = from.getAs(reader);
    int count = src.size();
    SegmentReader sSeg = (SegmentReader) RuntimeFields.LIST_READER_SEGMENT.get(src);
    int sPtr = (int) RuntimeFields.LIST_READER_PTR.get(src);
    int sStep = (int) RuntimeFields.LIST_READER_STEP.get(src);
    ListBuilder dst;
    if (size == ElementSize.INLINE_COMPOSITE) {
      int dataBits = (int) RuntimeFields.LIST_READER_DATA.get(src);
      short pointers = (short) RuntimeFields.LIST_READER_POINTERS.get(src);
      checkBuildable((dataBits + 63) / 64, pointers);
      StructSize elem = new StructSize((short) ((dataBits + 63) / 64), pointers);
      dst = to.initAs(new StructList.Factory<>(new WireStruct.Factory(elem)), count);
    } else {
      dst = to.initAs(builderListFactory(size), count);
    }
    SegmentBuilder dSeg = (SegmentBuilder) RuntimeFields.LIST_BUILDER_SEGMENT.get(dst);
    int dPtr = (int) RuntimeFields.LIST_BUILDER_PTR.get(dst);
    int dStep = (int) RuntimeFields.LIST_BUILDER_STEP.get(dst);
    switch (size) {
      case ElementSize.POINTER -> {
        for (int i = 0; i < count; i++) {
          copyPointer(sSeg, sPtr / 8 + i, nest - 1, dSeg, dPtr / 8 + i);
        }
      }
      case ElementSize.INLINE_COMPOSITE -> {
        int sData = (int) RuntimeFields.LIST_READER_DATA.get(src);
        int dData = (int) RuntimeFields.LIST_BUILDER_DATA.get(dst);
        short pointers = (short) RuntimeFields.LIST_READER_POINTERS.get(src);
        for (int i = 0; i < count; i++) {
          int sElem = sPtr + (int) ((long) i * sStep / 8);
          int dElem = dPtr + (int) ((long) i * dStep / 8);
          copyBytes(sSeg, sElem, dSeg, dElem, sData / 8);
          for (int j = 0; j < pointers; j++) {
            copyPointer(
                sSeg, (sElem + sData / 8) / 8 + j, nest - 1, dSeg, (dElem + dData / 8) / 8 + j);
          }
        }
      }
      default -> copyBytes(sSeg, sPtr, dSeg, dPtr, (int) (((long) count * sStep + 7) / 8));
    }
  }

  private static void copyBytes(
      SegmentReader from, int fromByte, SegmentBuilder to, int toByte, int length) {
    for (int i = 0; i < length; i++) {
      to.buffer.put(toByte + i, from.buffer.get(fromByte + i));
    }
  }

  private static FromPointerReader<? extends ListReader> listFactory(byte size) {
    return switch (size) {
      case ElementSize.VOID -> PrimitiveList.Void.factory;
      case ElementSize.BIT -> PrimitiveList.Boolean.factory;
      case ElementSize.BYTE -> PrimitiveList.Byte.factory;
      case ElementSize.TWO_BYTES -> PrimitiveList.Short.factory;
      case ElementSize.FOUR_BYTES -> PrimitiveList.Int.factory;
      case ElementSize.EIGHT_BYTES -> PrimitiveList.Long.factory;
      case ElementSize.POINTER -> TextList.factory;
      default -> new StructList.Factory<>(WireStruct.ANY);
    };
  }

  private static org.capnproto.FromPointerBuilder<? extends ListBuilder> builderListFactory(
      byte size) {
    return switch (size) {
      case ElementSize.VOID -> PrimitiveList.Void.factory;
      case ElementSize.BIT -> PrimitiveList.Boolean.factory;
      case ElementSize.BYTE -> PrimitiveList.Byte.factory;
      case ElementSize.TWO_BYTES -> PrimitiveList.Short.factory;
      case ElementSize.FOUR_BYTES -> PrimitiveList.Int.factory;
      case ElementSize.EIGHT_BYTES -> PrimitiveList.Long.factory;
      default -> TextList.factory;
    };
  }
}
