package corral.regdsl.window;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window onto a Linux UIO device ({@code /dev/uioN}). UIO exposes memory region {@code M} of the
 * device at file offset {@code M * pagesize}, and only through {@code mmap(2)}: {@code
 * FileChannel.map} refuses character devices. So this class calls {@code open}, {@code mmap},
 * {@code munmap} and {@code close} through the FFM API.
 *
 * <p>The mapping covers the region from its start to the end of the grant, rounded up to a page;
 * {@link #segment()} is the slice {@code [base, base + length)} of it, so the driver sees exactly
 * its grant. The same code maps a plain file (region 0 = offset 0), which is how it is tested on
 * machines without a UIO device. The JVM needs {@code --enable-native-access} for this class.
 */
@SuppressWarnings("restricted") // mmap through the FFM linker is the point of this class
public final class UioRegisterWindow extends MappedRegisterWindow {
  private static final Logger LOG = LoggerFactory.getLogger(UioRegisterWindow.class);

  private static final int O_RDWR = 2;
  private static final int O_SYNC = 0x101000;
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_SHARED = 1;
  private static final int SC_PAGESIZE = 30;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          Linker.Option.firstVariadicArg(2),
          Linker.Option.captureCallState("errno"));
  private static final MethodHandle MMAP =
      downcall(
          "mmap",
          FunctionDescriptor.of(
              ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
          Linker.Option.captureCallState("errno"));
  private static final MethodHandle MUNMAP =
      downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle SYSCONF =
      downcall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private UioRegisterWindow(WindowGrant grant, Arena arena, MemorySegment segment) {
    super(grant, arena, segment);
  }

  /**
   * Maps the grant inside memory region {@code region} of the UIO device {@code grant.resource()}.
   *
   * @throws IOException with the errno text when open or mmap fails
   */
  public static UioRegisterWindow open(WindowGrant grant, int region) throws IOException {
    try (Arena call = Arena.ofConfined()) {
      long page = (long) SYSCONF.invokeExact(SC_PAGESIZE);
      long span = (grant.base() + grant.length() + page - 1) / page * page;
      MemorySegment state = call.allocate(CALL_STATE);
      int fd =
          (int) OPEN.invokeExact(state, call.allocateFrom(grant.resource()), O_RDWR | O_SYNC, 0);
      if (fd < 0) {
        throw new IOException("cannot open " + grant + ": " + strerror(state));
      }
      MemorySegment address;
      try {
        address =
            (MemorySegment)
                MMAP.invokeExact(
                    state,
                    MemorySegment.NULL,
                    span,
                    PROT_READ | PROT_WRITE,
                    MAP_SHARED,
                    fd,
                    region * page);
      } finally {
        int ignored = (int) CLOSE.invokeExact(fd); // the mapping outlives the descriptor
      }
      if (address.address() == -1L) {
        throw new IOException(
            "cannot map " + grant + " (region " + region + "): " + strerror(state));
      }
      // a shared arena: closing it invalidates every slice (safely, across threads) before the
      // cleanup action unmaps, so a stale segment fails with IllegalStateException, not SIGSEGV
      Arena arena = Arena.ofShared();
      MemorySegment mapping = address.reinterpret(span, arena, UioRegisterWindow::unmap);
      return new UioRegisterWindow(grant, arena, mapping.asSlice(grant.base(), grant.length()));
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("native call failed", t);
    }
  }

  private static String strerror(MemorySegment state) throws Throwable {
    int errno = (int) ERRNO.get(state, 0L);
    MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
    return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
  }

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    SymbolLookup libc = LINKER.defaultLookup();
    return LINKER.downcallHandle(
        libc.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name)),
        descriptor,
        options);
  }

  private static void unmap(MemorySegment mapping) {
    try {
      int rc = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
      if (rc != 0) {
        LOG.warn("munmap of a register window at {} failed with {}", mapping, rc);
      }
    } catch (Throwable t) {
      throw new IllegalStateException("munmap failed", t);
    }
  }
}
