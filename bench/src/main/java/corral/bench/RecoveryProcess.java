package corral.bench;

import corral.naming.journal.JournalNameStore;
import java.nio.file.Path;

/**
 * Opens a journal store as a restarting kernel would, in a fresh JVM, and prints {@code
 * open-millis=T names=N}: {@link NamingBench}'s recovery figure. Argument: the store's directory.
 */
public final class RecoveryProcess {
  private RecoveryProcess() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    try (JournalNameStore store =
        JournalNameStore.open(Path.of(args[0]), JournalNameStore.Options.defaults())) {
      double millis = (System.nanoTime() - start) / 1e6;
      System.out.printf("open-millis=%.1f revision=%d%n", millis, store.revision());
    }
  }
}
