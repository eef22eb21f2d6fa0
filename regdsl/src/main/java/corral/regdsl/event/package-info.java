/**
 * Event lines: a device model raises an event, and the driver instance the line is granted to
 * receives it (Mungi's interrupt interface).
 *
 * <pre>
 *  device model process                         window holder process (driver host)
 *  ┌──────────────────┐   /dev/shm doorbell      ┌──────────────────────────────┐
 *  │ EventLineSender  │──▶ pending += 1 ────────▶│ EventLineReceiver            │
 *  │   raise()        │   (8-byte counter)       │   drain: pending → 0         │
 *  │                  │── wake byte, only on ───▶│   rate limit, then handler   │
 *  └──────────────────┘   0 → 1 (unix socket)    └──────────────────────────────┘
 * </pre>
 *
 * <p>Coalescing: raises that happen while the line is already pending only increment the counter;
 * the receiver gets one {@link corral.regdsl.event.Event} carrying how many raises it stands for.
 * Rate limit: the receiver delivers at most as often as its {@link corral.regdsl.event.RateLimit}
 * allows; raises during the wait coalesce into the next event.
 */
package corral.regdsl.event;
