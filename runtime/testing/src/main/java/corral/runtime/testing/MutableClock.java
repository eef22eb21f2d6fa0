package corral.runtime.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that tests move by hand. */
public final class MutableClock implements InstantSource {
  private volatile Instant now;

  /** A clock that reads {@code start} until moved. */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
