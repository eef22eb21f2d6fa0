package corral.naming.journal;

import corral.naming.NameStore;
import corral.naming.NameStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JournalNameStoreTest extends NameStoreContract {
  @TempDir Path dir;
  private int stores;

  @Override
  protected NameStore newStore(int historyCapacity) {
    return JournalNameStore.open(
        dir.resolve("store" + stores++),
        JournalNameStore.Options.defaults().withHistoryCapacity(historyCapacity));
  }
}
