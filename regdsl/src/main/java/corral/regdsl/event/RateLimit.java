package corral.regdsl.event;

import java.util.function.LongSupplier;

/**
 * A token bucket: up to {@code burst} deliveries at once, refilled at {@code perSecond}. The clock
 * is injected (nanoseconds, like {@link System#nanoTime}) so tests move it by hand. Confined to the
 * receiving thread.
 */
public final class RateLimit {
  private final long nanosPerToken;
  private final int burst;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  public RateLimit(double perSecond, int burst, LongSupplier clock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "rate limit needs perSecond > 0 and burst >= 1, got " + perSecond + " and " + burst);
    }
    this.nanosPerToken = (long) (1e9 / perSecond);
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.getAsLong();
  }

  /** No limit worth the name: a million a second, bursts of a thousand. */
  public static RateLimit unlimited() {
    return new RateLimit(1e6, 1000, System::nanoTime);
  }

  /** Nanoseconds until a delivery is allowed; 0 when one is allowed now. */
  public long delayNanos() {
    refill();
    return tokens >= 1 ? 0 : (long) ((1 - tokens) * nanosPerToken);
  }

  /** Uses one delivery; call only after {@link #delayNanos()} returned 0. */
  void take() {
    tokens -= 1;
  }

  private void refill() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (double) (now - last) / nanosPerToken);
    last = now;
  }
}
