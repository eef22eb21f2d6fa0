package corral.regdsl.window;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mapped windows share: a grant, the shared arena that owns the mapping, and the segment
 * of exactly the granted bytes. Closing the arena unmaps; later accesses through any slice fail
 * with {@link IllegalStateException}.
 */
abstract class MappedRegisterWindow implements RegisterWindow {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterWindow.class);

  private final WindowGrant grant;
  private final Arena arena;
  private final MemorySegment segment;

  MappedRegisterWindow(WindowGrant grant, Arena arena, MemorySegment segment) {
    this.grant = grant;
    this.arena = arena;
    this.segment = segment;
    LOG.info("mapped register window {} ({})", grant, getClass().getSimpleName());
  }

  @Override
  public final String owner() {
    return grant.owner();
  }

  @Override
  public final long base() {
    return grant.base();
  }

  @Override
  public final long length() {
    return grant.length();
  }

  @Override
  public final MemorySegment segment() {
    return segment;
  }

  @Override
  public final void close() {
    arena.close();
    LOG.info("unmapped register window {}", grant);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + grant + "]";
  }
}
