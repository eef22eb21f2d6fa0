package corral.runtime.component;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceContextTest {
  static InstanceContext context(Optional<byte[]> inherited) {
    Config config =
        ((Config.Validation.Valid) Config.validate(ConfigTest.DRIVER, Map.of("path", "/x")))
            .config();
    return new InstanceContext(7, "/dev/t", config, InstantSource.system(), inherited, Grants.NONE);
  }

  @Test
  void stopRunsTheStopHooksNewestFirstThenReleasesTheArena() {
    InstanceContext ctx = context(Optional.empty());
    MemorySegment memory = ctx.arena().allocate(16);
    List<String> ran = new ArrayList<>();
    ctx.onStop(() -> ran.add("first"));
    ctx.onStop(() -> ran.add("second, reading memory " + memory.get(JAVA_BYTE, 0)));
    ctx.stop();
    assertEquals(List.of("second, reading memory 0", "first"), ran);
    assertThrows(IllegalStateException.class, () -> memory.get(JAVA_BYTE, 0));
    assertThrows(IllegalStateException.class, () -> ctx.onStop(() -> {}));
  }

  @Test
  void aSegmentHandedOverReachesTheSuccessorAsMuchAsFits() {
    InstanceContext old = context(Optional.empty());
    MemorySegment state = old.arena().allocate(8);
    state.copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    old.handOver(state);
    byte[] handed = old.takeHandOver().orElseThrow();
    old.stop();

    InstanceContext next = context(Optional.of(handed));
    MemorySegment smaller = next.arena().allocate(4);
    assertTrue(next.inherit(smaller));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, smaller.toArray(JAVA_BYTE));
    next.stop();
    InstanceContext fresh = context(Optional.empty());
    assertFalse(fresh.inherit(fresh.arena().allocate(4)));
    fresh.stop();
  }
}
