package corral.runtime.rpc;

import java.util.function.Function;
import org.capnproto.AnyPointer;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;

/**
 * Reads and writes capability pointers, which the {@code org.capnproto} runtime lacks. Generated
 * code for capability-typed fields calls these; so does the engine for payload contents.
 *
 * <pre>
 *   capability pointer (one word, little-endian):
 *   bits 0-1  = 3 (kind "other")    bits 2-31 = 0 (other type "capability")
 *   bits 32-63 = index into the message's cap table
 * </pre>
 *
 * <p>The cap table is found from the segment: a {@link CapSegmentReader} for received messages, the
 * arena's {@link CapTableAllocator} for messages being built. A message from neither (e.g. one read
 * from a file) has no capabilities; reading one yields a broken capability.
 *
 * <p>The package-private fields of {@code AnyPointer} and {@code BuilderArena} are read through
 * {@link RuntimeFields}, which ties the class to {@code org.capnproto:runtime:0.1.16}.
 */
public final class CapabilityPointers {
  private CapabilityPointers() {}

  private static final long CAP_KIND_MASK = 0xffffffffL;
  private static final long CAP_TAG = 3L;

  /** Whether {@code word} is a capability pointer. */
  static boolean isCapability(long word) {
    return (word & CAP_KIND_MASK) == CAP_TAG;
  }

  static long capabilityWord(int index) {
    return CAP_TAG | ((long) index << 32);
  }

  static CapTable tableOf(SegmentReader segment) {
    if (segment instanceof CapSegmentReader c) {
      return c.caps;
    }
    if (segment instanceof SegmentBuilder b
        && RuntimeFields.ARENA_ALLOCATOR.get(b.getArena()) instanceof CapTableAllocator a) {
      return a.caps;
    }
    return null;
  }

  /**
   * The capability in pointer {@code index} of a struct whose pointer section starts at word {@code
   * pointers} of {@code segment}, as a typed client ({@code Foo.Client::new}); for generated
   * getters. A new reference: owned by the {@link Response} when the struct is in one (closed with
   * it), else the caller's to close. A null pointer gives {@code null}; a pointer that is not a
   * capability, or a message without a cap table, gives a broken capability whose calls fail with a
   * reason.
   */
  public static <C extends Client> C read(
      SegmentReader segment,
      int pointers,
      int pointerCount,
      int index,
      Function<? super Client, C> typed) {
    if (index >= pointerCount) {
      return null;
    }
    return clientAt(segment, segment.get(pointers + index), typed);
  }

  /**
   * The capability {@code pointer} holds, as for {@link #read(SegmentReader, int, int, int,
   * Function)}.
   */
  public static Client read(AnyPointer.Reader pointer) {
    SegmentReader segment = (SegmentReader) RuntimeFields.ANY_READER_SEGMENT.get(pointer);
    int at = (int) RuntimeFields.ANY_READER_POINTER.get(pointer);
    return clientAt(segment, segment.get(at), c -> c);
  }

  /**
   * The capability {@code pointer} holds, as for {@link #read(SegmentReader, int, int, int,
   * Function)}.
   */
  public static Client read(AnyPointer.Builder pointer) {
    SegmentBuilder segment = (SegmentBuilder) RuntimeFields.ANY_BUILDER_SEGMENT.get(pointer);
    int at = (int) RuntimeFields.ANY_BUILDER_POINTER.get(pointer);
    return clientAt(segment, segment.get(at), c -> c);
  }

  static ClientHook hookAt(SegmentReader segment, long word) {
    if (word == 0) {
      return null;
    }
    if (!isCapability(word)) {
      return new BrokenClient(
          RpcException.failed(
              "expected a capability pointer, found pointer word 0x" + Long.toHexString(word)));
    }
    CapTable table = tableOf(segment);
    int index = (int) (word >>> 32);
    if (table == null) {
      return new BrokenClient(
          RpcException.failed("capability pointer in a message that carries no capabilities"));
    }
    ClientHook hook = table.get(index);
    if (hook == null && table.isReleased()) {
      return new BrokenClient(
          RpcException.failed(
              "capability "
                  + index
                  + " of a message whose capabilities were already released (its results or"
                  + " parameters closed)"));
    }
    if (hook == null) {
      return new BrokenClient(
          RpcException.failed(
              "capability index " + index + " outside the message's table of " + table.size()));
    }
    return hook.addRef();
  }

  /**
   * The client for capability pointer {@code word} of {@code segment}, typed, and recorded with the
   * message's {@link Response} if one owns it; null for a null pointer.
   */
  static <C extends Client> C clientAt(
      SegmentReader segment, long word, Function<? super Client, C> typed) {
    ClientHook hook = hookAt(segment, word);
    if (hook == null) {
      return null;
    }
    C client = typed.apply(new Client(hook));
    CapTable table = tableOf(segment);
    return table == null ? client : table.issue(client);
  }

  /**
   * Points pointer {@code index} of a struct being built (pointer section at word {@code pointers})
   * at {@code cap}; the message takes its own reference, the caller keeps {@code cap}. {@code null}
   * writes a null pointer.
   *
   * @throws IllegalStateException if the message was not made for RPC (it has no cap table)
   */
  public static void write(SegmentBuilder segment, int pointers, int index, Client cap) {
    writeAt(segment, pointers + index, cap);
  }

  /**
   * Sets {@code pointer} to {@code cap}, as for {@link #write(SegmentBuilder, int, int, Client)}.
   */
  public static void write(AnyPointer.Builder pointer, Client cap) {
    pointer.clear();
    writeAt(
        (SegmentBuilder) RuntimeFields.ANY_BUILDER_SEGMENT.get(pointer),
        (int) RuntimeFields.ANY_BUILDER_POINTER.get(pointer),
        cap);
  }

  private static void writeAt(SegmentBuilder segment, int at, Client cap) {
    if (cap == null) {
      segment.put(at, 0L);
      return;
    }
    CapTable table = tableOf(segment);
    if (table == null) {
      throw new IllegalStateException(
          "this message was not made for RPC and cannot hold capabilities;"
              + " build it from a Request or CallContext");
    }
    int index = table.add(cap.hook().addRef());
    segment.put(at, capabilityWord(index));
  }

  /**
   * Replaces {@code to} with a copy of what {@code from} points at, capability pointers included
   * (the {@code org.capnproto} copier, used by generated {@code setX(reader)}, refuses them): each
   * capability gets a reference of its own in {@code to}'s message. Use it to pass on a struct
   * holding capabilities from a received message into one being built.
   *
   * @throws IllegalStateException if {@code from} holds capabilities and {@code to}'s message was
   *     not made for RPC
   */
  public static void copy(AnyPointer.Reader from, AnyPointer.Builder to) {
    PointerCopier.copy(from, to);
  }

  /** Writes a raw pointer word into {@code pointer} (for the engine's capability pointers). */
  static void writeWord(AnyPointer.Builder pointer, long word) {
    pointer.clear();
    ((SegmentBuilder) RuntimeFields.ANY_BUILDER_SEGMENT.get(pointer))
        .put((int) RuntimeFields.ANY_BUILDER_POINTER.get(pointer), word);
  }

  /** The segment and word offset an {@code AnyPointer.Reader} points from (for the engine). */
  static SegmentReader segmentOf(AnyPointer.Reader pointer) {
    return (SegmentReader) RuntimeFields.ANY_READER_SEGMENT.get(pointer);
  }

  static int offsetOf(AnyPointer.Reader pointer) {
    return (int) RuntimeFields.ANY_READER_POINTER.get(pointer);
  }
}
