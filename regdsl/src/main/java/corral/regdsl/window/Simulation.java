package corral.regdsl.window;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * Whether any device class in this JVM has been bound to a {@link FakeRegisterFile} that simulates
 * effects. Generated device classes ask {@link #active()} before every register access and only
 * then look at their fake; until the first {@link FakeRegisterFile#simulate simulate}, the answer
 * is a constant the JIT folds, so production code pays nothing for testability.
 *
 * <p>The flag is a {@link MutableCallSite} whose target the JIT inlines as a constant with a
 * dependency; {@link #activate()} retargets it once, which deoptimises the code that folded {@code
 * false}. It never goes back to {@code false}: a JVM that ran a driver test keeps checking.
 */
public final class Simulation {
  private static final MutableCallSite SITE =
      new MutableCallSite(MethodHandles.constant(boolean.class, false));
  private static final MethodHandle ACTIVE = SITE.dynamicInvoker();
  private static boolean activated;

  private Simulation() {}

  /** For generated code: whether a simulating fake has been bound in this JVM. */
  public static boolean active() {
    try {
      return (boolean) ACTIVE.invokeExact();
    } catch (Throwable impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** Called by {@link FakeRegisterFile#simulate} before it hands itself to a device. */
  static synchronized void activate() {
    if (!activated) {
      activated = true;
      SITE.setTarget(MethodHandles.constant(boolean.class, true));
      MutableCallSite.syncAll(new MutableCallSite[] {SITE});
    }
  }
}
