package corral.runtime.host;

import corral.runtime.rpc.CallFilter;
import corral.runtime.rpc.RpcException;
import java.time.Duration;
import java.util.Optional;

/**
 * The door every call to one instance passes (checked after each reference's gate, as part of its
 * membrane's filter, so it also sees calls on capabilities the instance handed out): it counts the
 * calls inside, and once {@link #closeAndDrain closed} refuses new ones as {@linkplain
 * RpcException#notDelivered not delivered}, so that the instance is stopped (swapped, unplugged)
 * only after the calls it accepted have been answered, and a caller knows that a refused call never
 * ran and may send it to the successor.
 */
final class InstanceDoor implements CallFilter {
  private final String name;
  private int inside;
  private boolean closed;

  InstanceDoor(String name) {
    this.name = name;
  }

  @Override
  public synchronized Optional<RpcException> check(long interfaceId, short methodId) {
    if (closed) {
      return Optional.of(
          RpcException.notDelivered(
              name + " is being replaced or stopped in this host; restore the cap again"));
    }
    inside++;
    return Optional.empty();
  }

  @Override
  public boolean countsAnswers() {
    return true;
  }

  @Override
  public synchronized void answered(long interfaceId, short methodId) {
    if (--inside == 0) {
      notifyAll();
    }
  }

  /**
   * Refuses every call from now on and waits up to {@code patience} for those inside to be
   * answered.
   *
   * @return how many calls were still inside when the patience ran out (0: drained)
   */
  synchronized int closeAndDrain(Duration patience) throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + patience.toNanos();
    while (inside > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return inside;
  }

  @Override
  public String toString() {
    return "InstanceDoor[" + name + (closed ? ", closed" : "") + ", " + inside + " inside]";
  }
}
