package corral.runtime.cap;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExpiryScheduler} on a {@link ScheduledExecutorService}, judged by an {@link
 * InstantSource} (the authority's clock). The executor counts delays on its own monotonic clock;
 * when a task comes due early by {@code clock} (the wall clock was set back), it is scheduled again
 * for the rest, so it never runs before {@code at} by {@code clock}.
 *
 * <p>Borrows the executor: whoever created it shuts it down. Thread-safe.
 */
public final class ExecutorExpiryScheduler implements ExpiryScheduler {
  private final ScheduledExecutorService executor;
  private final InstantSource clock;

  public ExecutorExpiryScheduler(ScheduledExecutorService executor, InstantSource clock) {
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    Scheduled s = new Scheduled(at, task);
    s.future = executor.schedule(s, s.millisLeft(), TimeUnit.MILLISECONDS);
    return s;
  }

  /** One task; {@code cancelled} is what stops it, the futures only save the executor work. */
  private final class Scheduled implements Runnable, Cancellable {
    private final Instant at;
    private final Runnable task;
    private volatile boolean cancelled;
    private volatile Future<?> future;

    Scheduled(Instant at, Runnable task) {
      this.at = at;
      this.task = task;
    }

    long millisLeft() {
      return Math.max(0, Duration.between(clock.instant(), at).toMillis());
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      if (clock.instant().isBefore(at)) {
        future = executor.schedule(this, Math.max(1, millisLeft()), TimeUnit.MILLISECONDS);
        if (cancelled) {
          future.cancel(false);
        }
        return;
      }
      task.run();
    }

    @Override
    public void cancel() {
      cancelled = true;
      Future<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  @Override
  public String toString() {
    return "ExecutorExpiryScheduler[" + clock + "]";
  }
}
