package corral.runtime.rpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.capnproto.Allocator;
import org.capnproto.AnyPointer;
import org.capnproto.Arena;
import org.capnproto.BuilderArena;
import org.capnproto.ListBuilder;
import org.capnproto.ListReader;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;

/**
 * The package-private fields of the {@code org.capnproto} runtime that the engine reads, in one
 * place: where a pointer or list sits in its segment, and a builder arena's allocator (which
 * carries the cap table of a message being built). Read through {@link VarHandle}s ({@code
 * privateLookupIn}), which pins the engine to {@code org.capnproto:runtime:0.1.16}: on another
 * layout this class fails to load, naming the missing field. Constants only; no state.
 */
final class RuntimeFields {
  private RuntimeFields() {}

  static final VarHandle ANY_READER_SEGMENT;
  static final VarHandle ANY_READER_POINTER;
  static final VarHandle ANY_READER_NESTING;
  static final VarHandle ANY_BUILDER_SEGMENT;
  static final VarHandle ANY_BUILDER_POINTER;
  static final VarHandle ARENA_ALLOCATOR;
  static final VarHandle SEGMENT_ARENA;
  static final VarHandle LIST_READER_SEGMENT;
  static final VarHandle LIST_READER_PTR;
  static final VarHandle LIST_READER_STEP;
  static final VarHandle LIST_READER_DATA;
  static final VarHandle LIST_READER_POINTERS;
  static final VarHandle LIST_BUILDER_SEGMENT;
  static final VarHandle LIST_BUILDER_PTR;
  static final VarHandle LIST_BUILDER_STEP;
  static final VarHandle LIST_BUILDER_DATA;
  static final VarHandle STRUCT_BUILDER_SEGMENT;
  static final VarHandle STRUCT_BUILDER_DATA;

  static {
    try {
      MethodHandles.Lookup ar = lookup(AnyPointer.Reader.class);
      ANY_READER_SEGMENT =
          ar.findVarHandle(AnyPointer.Reader.class, "segment", SegmentReader.class);
      ANY_READER_POINTER = ar.findVarHandle(AnyPointer.Reader.class, "pointer", int.class);
      ANY_READER_NESTING = ar.findVarHandle(AnyPointer.Reader.class, "nestingLimit", int.class);
      MethodHandles.Lookup ab = lookup(AnyPointer.Builder.class);
      ANY_BUILDER_SEGMENT =
          ab.findVarHandle(AnyPointer.Builder.class, "segment", SegmentBuilder.class);
      ANY_BUILDER_POINTER = ab.findVarHandle(AnyPointer.Builder.class, "pointer", int.class);
      ARENA_ALLOCATOR =
          lookup(BuilderArena.class)
              .findVarHandle(BuilderArena.class, "allocator", Allocator.class);
      SEGMENT_ARENA =
          lookup(SegmentReader.class).findVarHandle(SegmentReader.class, "arena", Arena.class);
      MethodHandles.Lookup lr = lookup(ListReader.class);
      LIST_READER_SEGMENT = lr.findVarHandle(ListReader.class, "segment", SegmentReader.class);
      LIST_READER_PTR = lr.findVarHandle(ListReader.class, "ptr", int.class);
      LIST_READER_STEP = lr.findVarHandle(ListReader.class, "step", int.class);
      LIST_READER_DATA = lr.findVarHandle(ListReader.class, "structDataSize", int.class);
      LIST_READER_POINTERS = lr.findVarHandle(ListReader.class, "structPointerCount", short.class);
      MethodHandles.Lookup lb = lookup(ListBuilder.class);
      LIST_BUILDER_SEGMENT = lb.findVarHandle(ListBuilder.class, "segment", SegmentBuilder.class);
      LIST_BUILDER_PTR = lb.findVarHandle(ListBuilder.class, "ptr", int.class);
      LIST_BUILDER_STEP = lb.findVarHandle(ListBuilder.class, "step", int.class);
      LIST_BUILDER_DATA = lb.findVarHandle(ListBuilder.class, "structDataSize", int.class);
      MethodHandles.Lookup sb = lookup(StructBuilder.class);
      STRUCT_BUILDER_SEGMENT =
          sb.findVarHandle(StructBuilder.class, "segment", SegmentBuilder.class);
      STRUCT_BUILDER_DATA = sb.findVarHandle(StructBuilder.class, "data", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(
          "org.capnproto runtime is not the 0.1.16 layout the RPC engine needs: " + e);
    }
  }

  private static MethodHandles.Lookup lookup(Class<?> c) throws IllegalAccessException {
    return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
  }
}
