package corral.runtime.rpc;

import org.slf4j.LoggerFactory;

/**
 * What a {@link Vat} does when one of its event loop threads has died (an {@code Error} where Netty
 * does not catch it, such as the heap running out while it logs another failure). The loop's
 * connections then hear nothing more and a listener on it accepts nothing: the process looks up but
 * is deaf, so the safe reaction is to end it and let its supervisor restart it.
 *
 * <p>Called once per dead loop, on the dying loop's terminating thread; it must not block.
 */
@FunctionalInterface
public interface EventLoopFailure {

  /** Loop {@code loop} (its thread's name) of the vat has stopped while the vat was open. */
  void loopDied(String loop);

  /**
   * The reaction for a server process: logs the loop at ERROR and halts the JVM with exit status 70
   * (EX_SOFTWARE), without running shutdown hooks that could wait on the dead loop.
   */
  EventLoopFailure EXIT =
      loop -> {
        LoggerFactory.getLogger(Vat.class)
            .error(
                "event loop {} died; this process serves nothing on it and exits (status 70)",
                loop);
        System.err.println("corral: event loop " + loop + " died; exiting with status 70");
        Runtime.getRuntime().halt(70);
      };
}
