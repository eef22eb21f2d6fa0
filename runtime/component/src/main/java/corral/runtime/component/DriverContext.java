package corral.runtime.component;

import java.lang.foreign.Arena;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * All the authority an instance has, handed to its driver's {@link Driver.Factory}: nothing else is
 * reachable from a driver (as a Genode component has only its {@code Env}).
 *
 * <p>Lifetime: the context belongs to one instance and ends with it. When the instance is stopped
 * (unplug, swap, or its host shutting down in order), the stop hooks run newest first, then the
 * executor is shut down and the arena is closed, so memory allocated from it is released and must
 * not be touched after a stop hook has run. Thread-safe.
 */
public interface DriverContext {
  /** The instance's 64-bit id (random, never reused; the same across host restarts). */
  long instanceId();

  /** The name the instance was plugged under ({@code /dev/disk0}). */
  String name();

  /** A logger named after the instance: {@code corral.instance./dev/disk0}. */
  Logger log();

  /** The configuration, validated against the descriptor: the typed getters do not fail. */
  Config config();

  /**
   * Off-heap memory owned by the instance ({@code arena().allocate(size)}): released when the
   * instance stops. Shared: any thread of the instance may use it.
   */
  Arena arena();

  /** The clock the instance reads; tests hand a clock they move. */
  InstantSource clock();

  /** Runs the instance's background work; shut down when the instance stops. */
  Executor executor();

  /**
   * The register window the kernel granted under {@code name}, a window its descriptor declared
   * ({@link Driver.Builder#window}): exactly the range of the resource its configuration names,
   * mapped by the host; accesses outside it fail ({@code WindowAccessException}). Unmapped when the
   * instance stops, after its stop hooks.
   *
   * @throws IllegalArgumentException when no window of that name was granted
   */
  corral.regdsl.window.RegisterWindow window(String name);

  /**
   * Delivers the events of the event line granted under {@code name} (declared with {@link
   * Driver.Builder#event}) to {@code handler}, on a thread of the line's own, one at a time; raises
   * that arrive while the handler runs are coalesced into the next event. Once per line.
   *
   * @throws IllegalArgumentException when no line of that name was granted
   * @throws IllegalStateException when the line already has a handler
   */
  void onEvent(String name, java.util.function.Consumer<corral.regdsl.event.Event> handler);

  /** Runs {@code hook} when the instance stops, before its arena is closed; newest first. */
  void onStop(Runnable hook);

  /**
   * State handed over by the instance this one replaces ({@code corral swap}), as its driver gave
   * it to {@link #handOver}; empty on a fresh plug.
   */
  Optional<byte[]> inherited();

  /**
   * Gives the state a successor receives through {@link #inherited()} if this instance is swapped
   * out: {@code state} is asked once, after the instance stopped taking calls.
   */
  void handOver(java.util.function.Supplier<byte[]> state);

  /**
   * Copies the inherited state (if any) into the start of {@code into}, as much as fits; returns
   * whether there was any. For drivers whose state is one segment of memory.
   */
  default boolean inherit(java.lang.foreign.MemorySegment into) {
    Optional<byte[]> old = inherited();
    old.ifPresent(
        b ->
            into.copyFrom(
                java.lang.foreign.MemorySegment.ofArray(b)
                    .asSlice(0, Math.min(b.length, into.byteSize()))));
    return old.isPresent();
  }

  /** Hands over the contents of {@code state} (read when the instance is swapped out). */
  default void handOver(java.lang.foreign.MemorySegment state) {
    handOver(() -> state.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
  }
}
