package corral.naming.journal;

import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Location;
import corral.naming.NamePath;
import corral.naming.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A process that binds names into a journal store as fast as it can, from several threads, and
 * prints {@code ok NAME} for each bind once it was acknowledged. It stops when its stdin closes
 * (its parent is gone) or after 200,000 binds; {@link JournalCrashTest} kills it with SIGKILL.
 *
 * <p>Arguments: the store's directory, a prefix for the names, the snapshot interval.
 */
public final class BindingProcess {
  private BindingProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    int snapshotEvery = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    try (JournalNameStore store =
            JournalNameStore.open(
                dir, JournalNameStore.Options.defaults().withSnapshotEvery(snapshotEvery));
        ExecutorService binders = Executors.newVirtualThreadPerTaskExecutor()) {
      out.println("open " + store.revision());
      out.flush();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  while (System.in.read() >= 0) {}
                } catch (IOException e) {
                  // the parent is gone either way
                }
                Runtime.getRuntime().halt(0);
              });
      for (int t = 0; t < 8; t++) {
        int thread = t;
        binders.submit(
            () -> {
              for (int i = 0; i < 25_000; i++) {
                NamePath name = NamePath.parse("/crash/" + prefix + "/t" + thread + "-" + i);
                Outcome o =
                    store.bind(
                        name,
                        new Entry(
                            i,
                            List.of("corral.Test"),
                            "test",
                            new Location("k", "h"),
                            Entry.State.UP,
                            Optional.empty()));
                if (!(o instanceof Done)) {
                  throw new IllegalStateException(o.message());
                }
                synchronized (out) {
                  out.println("ok " + name);
                  out.flush();
                }
              }
              return null;
            });
      }
    }
  }
}
