package corral.runtime.rpc;

import java.util.function.Function;
import org.capnproto.AnyPointer;
import org.capnproto.ListBuilder;
import org.capnproto.ListReader;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.TextList;

/**
 * A {@code List(SomeInterface)} field: a list of pointers whose elements are capability pointers.
 * Generated code for such fields returns a {@link Reader} or {@link Builder} of typed clients.
 *
 * <p>The list pointer is read and checked (bounds, far pointers, traversal limit) by the {@code
 * org.capnproto} runtime as a list of pointers; the elements are then read and written here, since
 * that runtime has no capability pointers. Its package-private list fields are read through {@link
 * RuntimeFields}, which ties this class to {@code org.capnproto:runtime:0.1.16}.
 */
public final class CapabilityList {
  private CapabilityList() {}

  /** The list in {@code pointer} (empty when null), its elements wrapped by {@code typed}. */
  public static <C extends Client> Reader<C> read(
      AnyPointer.Reader pointer, Function<? super Client, C> typed) {
    ListReader list = pointer.isNull() ? null : pointer.getAs(TextList.factory);
    return new Reader<>(list, typed);
  }

  /** The list in {@code pointer} of a message being built (empty when null). */
  public static <C extends Client> Builder<C> build(
      AnyPointer.Builder pointer, Function<? super Client, C> typed) {
    ListBuilder list = pointer.isNull() ? null : pointer.getAs(TextList.factory);
    return new Builder<>(list, typed);
  }

  /** Replaces {@code pointer} with a list of {@code size} null capabilities. */
  public static <C extends Client> Builder<C> init(
      AnyPointer.Builder pointer, int size, Function<? super Client, C> typed) {
    return new Builder<>(pointer.initAs(TextList.factory, size), typed);
  }

  /** Reads a list of capabilities. Each {@link #get} returns a new reference. */
  public static final class Reader<C extends Client> {
    private final ListReader list;
    private final Function<? super Client, C> typed;

    Reader(ListReader list, Function<? super Client, C> typed) {
      this.list = list;
      this.typed = typed;
    }

    public int size() {
      return list == null ? 0 : list.size();
    }

    private int word(int index) {
      return wordOf(
          (int) RuntimeFields.LIST_READER_PTR.get(list),
          (int) RuntimeFields.LIST_READER_DATA.get(list),
          (int) RuntimeFields.LIST_READER_STEP.get(list),
          index);
    }

    /** Whether element {@code index} is a capability (not null). */
    public boolean isSet(int index) {
      java.util.Objects.checkIndex(index, size());
      SegmentReader segment = (SegmentReader) RuntimeFields.LIST_READER_SEGMENT.get(list);
      return segment.get(word(index)) != 0;
    }

    /**
     * A new reference to element {@code index} (owned by the {@link Response} the list is in, else
     * the caller's to close), or null for a null element.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    public C get(int index) {
      java.util.Objects.checkIndex(index, size());
      SegmentReader segment = (SegmentReader) RuntimeFields.LIST_READER_SEGMENT.get(list);
      int word = word(index);
      return CapabilityPointers.clientAt(segment, segment.get(word), typed);
    }
  }

  /** Builds a list of capabilities. */
  public static final class Builder<C extends Client> {
    private final ListBuilder list;
    private final Function<? super Client, C> typed;

    Builder(ListBuilder list, Function<? super Client, C> typed) {
      this.list = list;
      this.typed = typed;
    }

    public int size() {
      return list == null ? 0 : list.size();
    }

    private int word(int index) {
      return wordOf(
          (int) RuntimeFields.LIST_BUILDER_PTR.get(list),
          (int) RuntimeFields.LIST_BUILDER_DATA.get(list),
          (int) RuntimeFields.LIST_BUILDER_STEP.get(list),
          index);
    }

    /** A new reference to element {@code index}, or null for a null element. */
    public C get(int index) {
      java.util.Objects.checkIndex(index, size());
      SegmentBuilder segment = (SegmentBuilder) RuntimeFields.LIST_BUILDER_SEGMENT.get(list);
      int word = word(index);
      return CapabilityPointers.clientAt(segment, segment.get(word), typed);
    }

    /**
     * Points element {@code index} at {@code cap} (null clears it); the message takes its own
     * reference.
     */
    public void set(int index, Client cap) {
      java.util.Objects.checkIndex(index, size());
      SegmentBuilder segment = (SegmentBuilder) RuntimeFields.LIST_BUILDER_SEGMENT.get(list);
      int word = word(index);
      CapabilityPointers.write(segment, word, 0, cap);
    }
  }

  /**
   * The word holding element {@code index}'s pointer, as the runtime computes it: the list offset
   * is in bytes, the step and a struct element's data section in bits.
   */
  private static int wordOf(int ptrBytes, int dataBits, int stepBits, int index) {
    return (ptrBytes + dataBits / 8 + (int) ((long) index * stepBits / 8)) / 8;
  }
}
