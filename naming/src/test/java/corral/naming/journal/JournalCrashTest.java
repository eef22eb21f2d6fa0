package corral.naming.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Found;
import corral.naming.Listed;
import corral.naming.Location;
import corral.naming.NamePath;
import corral.naming.NotFound;
import corral.runtime.rpc.RpcException;
import corral.runtime.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal survives SIGKILL at any point, and a torn or corrupt tail is cut, not misread. */
class JournalCrashTest {
  @TempDir Path dir;

  private static Entry entry(long id) {
    return new Entry(
        id,
        List.of("corral.Test"),
        "test",
        new Location("k", "h"),
        Entry.State.UP,
        Optional.empty());
  }

  @Test
  @Timeout(300)
  void everyAcknowledgedBindSurvivesKillNineAtRandomPoints() throws Exception {
    Path store = dir.resolve("store");
    Random random = new Random(12);
    List<NamePath> acknowledged = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 20; round++) {
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  BindingProcess.class.getName(),
                  store.toString(),
                  "r" + round,
                  "300")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      int killAfter = 1 + random.nextInt(1500);
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String open = lines.readLine();
        assertTrue(open != null && open.startsWith("open "), "child did not open: " + open);
        for (int n = 0; n < killAfter; n++) {
          String line = lines.readLine();
          if (line == null) {
            throw new AssertionError("child ended early, exit " + child.waitFor());
          }
          acknowledged.add(NamePath.parse(line.substring(3)));
        }
        // SIGKILL: no shutdown hook, no flush, no close runs in the child.
        child.destroyForcibly();
        child.waitFor();
      }
      try (JournalNameStore reopened =
          JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
        for (NamePath name : acknowledged) {
          assertInstanceOf(
              Found.class, reopened.lookup(name), "round " + round + ": " + name + " lost");
        }
        long bound = 0;
        Listed crash = (Listed) reopened.list(NamePath.parse("/crash"));
        for (String r : crash.children().keySet()) {
          bound += ((Listed) reopened.list(NamePath.parse("/crash/" + r))).children().size();
        }
        assertEquals(bound, reopened.revision(), "one revision per bind, none half-made");
      }
    }
  }

  private Path onlyJournal(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("journal-"))
          .reduce((a, b) -> a.compareTo(b) > 0 ? a : b)
          .orElseThrow();
    }
  }

  /** Recovery said it cut a torn tail, once, at WARN: an operator should know. */
  private static void assertCutTail(LogCapture recovery) {
    List<String> warnings = recovery.messages(org.slf4j.event.Level.WARN);
    assertEquals(1, warnings.size(), recovery.toString());
    assertTrue(warnings.get(0).contains(": cut a torn tail of "), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("it held no acknowledged change"), warnings.get(0));
  }

  private Path storeWithTenNames() {
    Path store = dir.resolve("torn");
    try (JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      for (int i = 0; i < 10; i++) {
        assertInstanceOf(Done.class, s.bind(NamePath.parse("/t/n" + i), entry(i)));
      }
    }
    return store;
  }

  @Test
  void aTruncatedLastRecordIsCutAndTheStoreOpensWithTheRecordsBeforeIt() throws Exception {
    Path store = storeWithTenNames();
    Path journal = onlyJournal(store);
    long size = Files.size(journal);
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3);
    }
    try (LogCapture recovery = LogCapture.of("corral.naming.journal");
        JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      assertCutTail(recovery);
      assertEquals(9, s.revision());
      assertInstanceOf(Found.class, s.lookup(NamePath.parse("/t/n8")));
      assertInstanceOf(NotFound.class, s.lookup(NamePath.parse("/t/n9")));
      assertTrue(s.recovered().tailBytesCut() > 0);
      assertTrue(
          s.recovered().tailProblem().orElseThrow().startsWith("record of "),
          s.recovered().tailProblem().orElseThrow());
      assertInstanceOf(Done.class, s.bind(NamePath.parse("/t/n9"), entry(9)));
    }
    try (JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      assertEquals(10, s.revision(), "the cut tail is gone and the new bind follows the old");
      assertEquals(0, s.recovered().tailBytesCut());
    }
  }

  @Test
  void aCorruptedLastRecordIsCutNotMisread() throws Exception {
    Path store = storeWithTenNames();
    Path journal = onlyJournal(store);
    long size = Files.size(journal);
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xff}), size - 2);
    }
    try (LogCapture recovery = LogCapture.of("corral.naming.journal");
        JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      assertCutTail(recovery);
      assertEquals(9, s.revision());
      assertEquals(Optional.of("checksum mismatch"), s.recovered().tailProblem());
    }
  }

  @Test
  void garbageAfterTheLastRecordIsCut() throws Exception {
    Path store = storeWithTenNames();
    Path journal = onlyJournal(store);
    long size = Files.size(journal);
    Files.write(journal, new byte[] {0, 0, 0, 0, 1, 2}, StandardOpenOption.APPEND);
    try (LogCapture recovery = LogCapture.of("corral.naming.journal");
        JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      assertCutTail(recovery);
      assertEquals(10, s.revision());
      assertEquals(6, s.recovered().tailBytesCut());
      assertEquals(
          Optional.of("6 bytes after the last record, not a header"), s.recovered().tailProblem());
    }
    assertEquals(size, Files.size(journal));
  }

  @Test
  void aCorruptRecordInAnEarlierJournalRefusesToOpenAndSaysWhere() throws Exception {
    Path store = dir.resolve("snap");
    try (JournalNameStore s =
        JournalNameStore.open(store, JournalNameStore.Options.defaults().withSnapshotEvery(5))) {
      for (int i = 0; i < 12; i++) {
        s.bind(NamePath.parse("/s/n" + i), entry(i));
      }
      s.awaitSnapshot();
    }
    try (JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      assertEquals(12, s.revision());
      assertTrue(s.recovered().snapshotRevision() > 0);
      assertEquals(12, ((Listed) s.list(NamePath.parse("/s"))).children().size());
    }
    Path snapshot;
    try (Stream<Path> files = Files.list(store)) {
      snapshot = files.filter(p -> p.toString().endsWith(".snap")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x55}), 20);
    }
    RpcException e =
        assertThrows(
            RpcException.class,
            () -> JournalNameStore.open(store, JournalNameStore.Options.defaults()));
    assertEquals(
        "failed: name journal " + snapshot + " is corrupt at offset 0: checksum mismatch",
        e.getMessage());
  }

  @Test
  @SuppressWarnings("try") // the first store is only held open: it holds the directory's lock
  void aSecondStoreCannotOpenADirectoryInUse() {
    Path store = dir.resolve("busy");
    try (JournalNameStore s = JournalNameStore.open(store, JournalNameStore.Options.defaults())) {
      RpcException e =
          assertThrows(
              RpcException.class,
              () -> JournalNameStore.open(store, JournalNameStore.Options.defaults()));
      assertEquals("failed: name journal " + store + " is in use by another store", e.getMessage());
    }
  }
}
