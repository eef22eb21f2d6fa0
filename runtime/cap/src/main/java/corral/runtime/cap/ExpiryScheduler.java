package corral.runtime.cap;

import java.time.Instant;

/**
 * Runs a task at an instant of the clock that capability expiry is judged by. {@link
 * GatingRestorer} schedules the expiry of every live reference made from an expiring capability, so
 * the reference stops working at the instant its capability does, without a clock read on each
 * call. Injected, so tests move a clock by hand ({@code ManualScheduler}) instead of sleeping.
 * Thread-safe.
 */
public interface ExpiryScheduler {

  /**
   * Runs {@code task} once, at or soon after {@code at} (at once if {@code at} has passed), on a
   * thread of the scheduler's choosing. The task must not block.
   *
   * @return cancels the task if it has not run yet; idempotent
   */
  Cancellable schedule(Instant at, Runnable task);

  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
