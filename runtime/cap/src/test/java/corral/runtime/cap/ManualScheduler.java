package corral.runtime.cap;

import corral.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ExpiryScheduler} on a {@link MutableClock} that tests move by hand: {@link #advance}
 * moves the clock and runs, on the calling thread, every task that has come due.
 */
final class ManualScheduler implements ExpiryScheduler {
  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();

  private record Task(Instant at, Runnable run) {}

  ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Instant at, Runnable task) {
    Task t = new Task(at, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves the clock by {@code d} and runs the tasks due by then, earliest first. */
  void advance(Duration d) {
    clock.advance(d);
    List<Task> due;
    synchronized (this) {
      due = tasks.stream().filter(t -> !t.at().isAfter(clock.instant())).toList();
      tasks.removeAll(due);
    }
    due.stream().sorted((a, b) -> a.at().compareTo(b.at())).forEach(t -> t.run().run());
  }

  synchronized int pending() {
    return tasks.size();
  }
}
