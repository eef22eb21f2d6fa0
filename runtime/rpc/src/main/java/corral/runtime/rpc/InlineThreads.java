package corral.runtime.rpc;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads that start running on the thread that starts them: {@link #start} mounts the new
 * thread at once on the calling platform thread (an event loop, or a caller making a local call)
 * and returns when it finishes or first blocks; a thread that blocks is resumed by the JDK's own
 * virtual-thread scheduler, on its carriers, never again on the starting thread. A call thus costs
 * no thread hand-off while it does not block, and a call that blocks frees the starting thread as
 * any virtual thread frees its carrier.
 *
 * <p>The JDK has no public API for a virtual thread's scheduler in Java 25; the package-private
 * constructor {@code ThreadBuilders.VirtualThreadBuilder(Executor)} (kept for the JDK's own tests)
 * is reached by reflection, which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or the
 * module reading this class). Without it, {@link #available()} is false and servers hand every call
 * to a virtual thread as before; {@link #unavailableReason()} says why.
 */
final class InlineThreads {
  private static final ThreadLocal<boolean[]> STARTING =
      ThreadLocal.withInitial(() -> new boolean[1]);
  private static final ThreadFactory FACTORY;
  private static final String UNAVAILABLE;

  /**
   * The system property that chooses the default dispatch: {@code loop} (default) or {@code
   * handoff}.
   */
  static final String DISPATCH_PROPERTY = "corral.rpc.dispatch";

  static {
    String dispatch = System.getProperty(DISPATCH_PROPERTY, "loop");
    ThreadFactory factory = null;
    String reason = null;
    switch (dispatch) {
      case "loop" -> {
        try {
          factory = startedInPlace();
        } catch (ReflectiveOperationException | RuntimeException e) {
          reason = e.toString();
        }
      }
      case "handoff" -> reason = DISPATCH_PROPERTY + "=handoff";
      default -> {
        reason = DISPATCH_PROPERTY + "=" + dispatch + " is neither loop nor handoff";
        org.slf4j.LoggerFactory.getLogger(Server.class)
            .warn("{}; every call is handed to a virtual thread", reason);
      }
    }
    FACTORY = factory;
    UNAVAILABLE = reason;
  }

  /** Virtual threads whose first run is in place and whose later runs are the JDK's scheduler's. */
  private static ThreadFactory startedInPlace() throws ReflectiveOperationException {
    Method defaultScheduler =
        Class.forName("java.lang.VirtualThread").getDeclaredMethod("defaultScheduler");
    defaultScheduler.setAccessible(true);
    Executor resumes = (Executor) defaultScheduler.invoke(null);
    Constructor<?> builder =
        Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
            .getDeclaredConstructor(Executor.class);
    builder.setAccessible(true);
    Executor scheduler =
        task -> {
          boolean[] starting = STARTING.get();
          if (starting[0]) {
            starting[0] = false;
            task.run(); // the first run, on the starting thread
          } else {
            resumes.execute(task);
          }
        };
    return ((Thread.Builder.OfVirtual) builder.newInstance(scheduler))
        .name("corral-server")
        .factory();
  }

  private InlineThreads() {}

  /** Whether threads can start inline here (the JVM opened {@code java.lang} to this class). */
  static boolean available() {
    return FACTORY != null;
  }

  /** Why {@link #available()} is false, or null. */
  static String unavailableReason() {
    return UNAVAILABLE;
  }

  /**
   * Whether {@link #start} would run {@code task} on this thread: threads are available and this
   * thread is a platform thread (a virtual thread cannot carry another).
   */
  static boolean canStartHere() {
    return FACTORY != null && !Thread.currentThread().isVirtual();
  }

  /**
   * Runs {@code task} in a new virtual thread mounted on this thread until it ends or blocks; the
   * rest of a blocked task runs on the JDK's virtual-thread carriers. Only where {@link
   * #canStartHere}.
   */
  static void start(Runnable task) {
    Thread thread = FACTORY.newThread(task);
    boolean[] starting = STARTING.get();
    starting[0] = true;
    try {
      thread.start();
    } finally {
      starting[0] = false;
    }
  }
}
