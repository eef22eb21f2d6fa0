package corral.runtime.component;

import java.lang.foreign.Arena;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DriverContext} a driver host (or a test) gives one instance. The host owns it and
 * calls {@link #stop()} once when the instance ends; a failing stop hook is logged and the others
 * still run.
 */
public final class InstanceContext implements DriverContext {
  private final long instanceId;
  private final String name;
  private final Config config;
  private final InstantSource clock;
  private final Optional<byte[]> inherited;
  private final Grants grants;
  private final Logger log;
  private final Arena arena = Arena.ofShared();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Deque<Runnable> stopHooks = new ArrayDeque<>();
  private volatile Supplier<byte[]> handOver;
  private boolean stopped;

  /**
   * @param inherited state handed over by the predecessor of a swap, or empty
   * @param grants the instance's register windows and event lines, opened; closed by {@link #stop}
   */
  public InstanceContext(
      long instanceId,
      String name,
      Config config,
      InstantSource clock,
      Optional<byte[]> inherited,
      Grants grants) {
    this.instanceId = instanceId;
    this.name = name;
    this.config = config;
    this.clock = clock;
    this.inherited = inherited.map(byte[]::clone);
    this.grants = grants;
    this.log = LoggerFactory.getLogger("corral.instance." + name);
  }

  @Override
  public long instanceId() {
    return instanceId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public Arena arena() {
    return arena;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public ExecutorService executor() {
    return executor;
  }

  @Override
  public corral.regdsl.window.RegisterWindow window(String name) {
    return grants.window(name);
  }

  @Override
  public void onEvent(String name, java.util.function.Consumer<corral.regdsl.event.Event> handler) {
    grants.onEvent(name, handler);
  }

  @Override
  public synchronized void onStop(Runnable hook) {
    if (stopped) {
      throw new IllegalStateException("instance " + name + " has stopped");
    }
    stopHooks.push(hook);
  }

  @Override
  public Optional<byte[]> inherited() {
    return inherited.map(byte[]::clone);
  }

  @Override
  public void handOver(Supplier<byte[]> state) {
    this.handOver = state;
  }

  /** The state for a successor, if the driver offered one (asked now, once). */
  public Optional<byte[]> takeHandOver() {
    Supplier<byte[]> s = handOver;
    return s == null ? Optional.empty() : Optional.ofNullable(s.get());
  }

  /**
   * Ends the instance: stop hooks newest first, then the event lines stop and the windows are
   * unmapped, the executor is shut down and the arena closed. Idempotent.
   */
  public void stop() {
    Deque<Runnable> hooks;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      hooks = new ArrayDeque<>(stopHooks);
    }
    for (Runnable hook : hooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        log.warn("a stop hook of {} failed (the instance stops anyway)", name, e);
      }
    }
    try {
      grants.close();
    } catch (RuntimeException e) {
      log.warn("releasing the windows and event lines of {} failed", name, e);
    }
    executor.shutdownNow();
    arena.close();
  }

  @Override
  public String toString() {
    return "InstanceContext[" + name + "]";
  }
}
