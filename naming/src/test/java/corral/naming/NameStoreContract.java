package corral.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.naming.NameEvent.Kind;
import corral.runtime.rpc.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link NameStore} has: each store's test extends this with how to open one.
 * Every operation, every refusal (with the exact text a user sees), aliases, published caps, and
 * the watch stream's order, resume and limits.
 */
@Timeout(60)
public abstract class NameStoreContract {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<NameStore> opened = new ArrayList<>();

  /** A new, empty store keeping {@code historyCapacity} events for watchers. */
  protected abstract NameStore newStore(int historyCapacity);

  protected NameStore store() {
    return store(1000);
  }

  protected NameStore store(int historyCapacity) {
    NameStore s = newStore(historyCapacity);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(NameStore::close);
  }

  protected static NamePath p(String text) {
    return NamePath.parse(text);
  }

  protected static Entry entry(long id) {
    return new Entry(
        id,
        List.of("corral.block.Block"),
        "ramdisk",
        new Location("node1", "host-" + id),
        Entry.State.UP,
        Optional.empty());
  }

  protected static NameEvent next(Watch w) {
    WatchMessage m = w.next(WAIT).orElseThrow(() -> new AssertionError("no event in " + WAIT));
    return assertInstanceOf(NameEvent.class, m);
  }

  protected static Watch watch(NameStore s, String prefix, long after) {
    return assertInstanceOf(Watching.class, s.watch(p(prefix), after)).watch();
  }

  @Test
  void aBoundNameIsFoundWithItsEntryAndPublishedCap() {
    NameStore s = store();
    Entry e = entry(7).withPublishedCap("corral1:published-rights");
    assertInstanceOf(Done.class, s.bind(p("/dev/disk0"), e));
    Found f = assertInstanceOf(Found.class, s.lookup(p("/dev/disk0")));
    assertEquals(e, f.node());
    assertEquals(Optional.of("corral1:published-rights"), ((Entry) f.node()).publishedCap());
    assertEquals(p("/dev/disk0"), f.resolved());
  }

  @Test
  void bindingMakesTheDirectoriesAboveAndListShowsNamesInOrder() {
    NameStore s = store();
    s.bind(p("/dev/disk1"), entry(1));
    s.bind(p("/dev/disk0"), entry(2));
    s.bind(p("/dev/block/sda"), entry(3));
    Listed l = assertInstanceOf(Listed.class, s.list(p("/dev")));
    assertEquals(List.of("block", "disk0", "disk1"), List.copyOf(l.children().keySet()));
    assertEquals(Directory.DIRECTORY, l.children().get("block"));
    assertEquals(entry(2), l.children().get("disk0"));
    Listed root = assertInstanceOf(Listed.class, s.list(NamePath.ROOT));
    assertEquals(List.of("dev"), List.copyOf(root.children().keySet()));
    assertEquals(
        Directory.DIRECTORY, assertInstanceOf(Found.class, s.lookup(p("/dev/block"))).node());
  }

  @Test
  void bindingAnExistingNameIsRefusedAndLeavesItBound() {
    NameStore s = store();
    s.bind(p("/dev/disk0"), entry(1));
    Exists x = assertInstanceOf(Exists.class, s.bind(p("/dev/disk0"), entry(2)));
    assertEquals("/dev/disk0: already bound (to instance 1 of ramdisk)", x.message());
    assertEquals(entry(1), ((Found) s.lookup(p("/dev/disk0"))).node());
    assertEquals("/dev: already bound (to a directory)", s.bind(p("/dev"), entry(3)).message());
  }

  @Test
  void bindingUnderAnEntryIsRefusedAsNotADirectory() {
    NameStore s = store();
    s.bind(p("/dev/disk0"), entry(1));
    Outcome o = s.bind(p("/dev/disk0/part1"), entry(2));
    assertEquals(
        "/dev/disk0/part1: /dev/disk0 is not a directory (it is instance 1 of ramdisk)",
        assertInstanceOf(NotADirectory.class, o).message());
    assertEquals(
        "/dev/disk0: not a directory (it is instance 1 of ramdisk)",
        ((NotADirectory) s.list(p("/dev/disk0"))).message());
  }

  @Test
  void lookupOfAMissingNameSaysWhichPartIsMissing() {
    NameStore s = store();
    s.bind(p("/dev/disk0"), entry(1));
    assertEquals(
        "/dev/disk9: no such name",
        assertInstanceOf(NotFound.class, s.lookup(p("/dev/disk9"))).message());
    assertEquals(
        "/net/a/b: no such name (/net does not exist)",
        ((NotFound) s.lookup(p("/net/a/b"))).message());
    assertEquals(
        "/home: no such name", assertInstanceOf(NotFound.class, s.list(p("/home"))).message());
  }

  @Test
  void rebindReplacesAnEntryAndReportsStateChangesAsTheirOwnEvents() {
    NameStore s = store();
    long start = s.revision();
    try (Watch w = watch(s, "/dev", start)) {
      assertInstanceOf(Done.class, s.rebind(p("/dev/disk0"), entry(1)));
      s.rebind(p("/dev/disk0"), entry(1).withState(Entry.State.DOWN));
      s.rebind(p("/dev/disk0"), entry(1).withState(Entry.State.FAILED));
      s.rebind(p("/dev/disk0"), entry(1));
      long before = s.revision();
      assertInstanceOf(Done.class, s.rebind(p("/dev/disk0"), entry(1)));
      assertEquals(before, s.revision(), "an identical rebind makes no event");
      s.rebind(p("/dev/disk0"), entry(2));
      List<Kind> kinds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        kinds.add(next(w).kind());
      }
      assertEquals(List.of(Kind.BOUND, Kind.DOWN, Kind.FAILED, Kind.UP, Kind.REBOUND), kinds);
    }
    assertEquals(entry(2), ((Found) s.lookup(p("/dev/disk0"))).node());
  }

  @Test
  void rebindOfADirectoryIsRefused() {
    NameStore s = store();
    s.bind(p("/dev/disk0"), entry(1));
    assertEquals(
        "/dev: already bound (to a directory)",
        assertInstanceOf(Exists.class, s.rebind(p("/dev"), entry(2))).message());
  }

  @Test
  void unbindRemovesNamesAndEmptyDirectoriesButNotFullOnes() {
    NameStore s = store();
    s.bind(p("/dev/disk0"), entry(1));
    assertEquals(
        "/dev: directory is not empty (1 name)",
        assertInstanceOf(NotEmpty.class, s.unbind(p("/dev"))).message());
    assertInstanceOf(Done.class, s.unbind(p("/dev/disk0")));
    assertInstanceOf(NotFound.class, s.lookup(p("/dev/disk0")));
    assertEquals(Map.of(), ((Listed) s.list(p("/dev"))).children());
    assertInstanceOf(Done.class, s.unbind(p("/dev")));
    assertEquals(
        "/dev: no such name", assertInstanceOf(NotFound.class, s.unbind(p("/dev"))).message());
    IllegalArgumentException root =
        assertThrows(IllegalArgumentException.class, () -> s.unbind(NamePath.ROOT));
    assertEquals("the root / cannot be unbound", root.getMessage());
  }

  @Test
  void anAliasResolvesAtAnySegmentAndIsListedAsAnAlias() {
    NameStore s = store();
    s.bind(p("/dev/serial/by-id/usb-ftdi-0"), entry(5));
    assertInstanceOf(Done.class, s.alias(p("/dev/ttyS0"), p("/dev/serial/by-id/usb-ftdi-0")));
    assertInstanceOf(Done.class, s.alias(p("/dev/tty"), p("/dev/serial")));
    Found direct = assertInstanceOf(Found.class, s.lookup(p("/dev/ttyS0")));
    assertEquals(entry(5), direct.node());
    assertEquals(p("/dev/serial/by-id/usb-ftdi-0"), direct.resolved());
    Found through = assertInstanceOf(Found.class, s.lookup(p("/dev/tty/by-id/usb-ftdi-0")));
    assertEquals(entry(5), through.node());
    Listed l = assertInstanceOf(Listed.class, s.list(p("/dev/tty/by-id")));
    assertEquals(p("/dev/serial/by-id"), l.resolved());
    assertEquals(new Alias(p("/dev/serial")), ((Listed) s.list(p("/dev"))).children().get("tty"));
    assertInstanceOf(Done.class, s.unbind(p("/dev/ttyS0")));
    assertInstanceOf(Found.class, s.lookup(p("/dev/serial/by-id/usb-ftdi-0")));
  }

  @Test
  void aDanglingAliasIsAllowedAndResolvesToNotFound() {
    NameStore s = store();
    assertInstanceOf(Done.class, s.alias(p("/dev/cdrom"), p("/dev/sr0")));
    assertEquals(
        "/dev/cdrom: no such name (/dev/sr0 does not exist)",
        assertInstanceOf(NotFound.class, s.lookup(p("/dev/cdrom"))).message());
    s.bind(p("/dev/sr0"), entry(9));
    assertEquals(entry(9), ((Found) s.lookup(p("/dev/cdrom"))).node());
  }

  @Test
  void anAliasThatWouldCloseALoopIsRefusedAndNotBound() {
    NameStore s = store();
    s.alias(p("/a"), p("/b"));
    s.alias(p("/b"), p("/c/x"));
    Outcome o = s.alias(p("/c"), p("/a"));
    assertEquals(
        "/c: alias loop /c -> /a -> /b -> /c/x", assertInstanceOf(AliasLoop.class, o).message());
    assertEquals(
        "/self: alias loop /self -> /self",
        assertInstanceOf(AliasLoop.class, s.alias(p("/self"), p("/self"))).message());
    assertInstanceOf(NotFound.class, s.lookup(p("/c")));
  }

  @Test
  void anAliasChainLongerThanTheLimitIsRefused() {
    NameStore s = store();
    s.bind(p("/end"), entry(1));
    NamePath target = p("/end");
    for (int i = 0; i < Alias.MAX_HOPS; i++) {
      NamePath name = p("/l" + i);
      assertInstanceOf(Done.class, s.alias(name, target));
      target = name;
    }
    assertEquals(entry(1), ((Found) s.lookup(target)).node());
    AliasTooDeep deep = assertInstanceOf(AliasTooDeep.class, s.alias(p("/l16"), target));
    assertTrue(
        deep.message().startsWith("/l16: more than 16 aliases to follow (/l16 -> /l15 -> "),
        deep.message());
    assertInstanceOf(NotFound.class, s.lookup(p("/l16")));
  }

  @Test
  void aWatchDeliversEveryChangeUnderItsPrefixInRevisionOrder() {
    NameStore s = store();
    s.bind(p("/other/x"), entry(100));
    long start = s.revision();
    try (Watch w = watch(s, "/dev", start)) {
      s.bind(p("/dev/a"), entry(1));
      s.bind(p("/other/y"), entry(101));
      s.alias(p("/dev/b"), p("/dev/a"));
      s.unbind(p("/dev/a"));
      NameEvent bound = next(w);
      assertEquals(Kind.BOUND, bound.kind());
      assertEquals(p("/dev/a"), bound.path());
      assertEquals(Optional.of(entry(1)), bound.node());
      NameEvent alias = next(w);
      assertEquals(Optional.of(new Alias(p("/dev/a"))), alias.node());
      NameEvent unbound = next(w);
      assertEquals(Kind.UNBOUND, unbound.kind());
      assertEquals(Optional.empty(), unbound.node());
      assertTrue(bound.revision() < alias.revision() && alias.revision() < unbound.revision());
      assertEquals(s.revision(), unbound.revision());
      assertEquals(Optional.empty(), w.next(Duration.ZERO));
    }
  }

  @Test
  void aWatcherThatResumesFromItsLastRevisionMissesNothing() {
    NameStore s = store();
    long start = s.revision();
    long seen;
    try (Watch w = watch(s, "/", start)) {
      s.bind(p("/n/0"), entry(0));
      s.bind(p("/n/1"), entry(1));
      assertEquals(p("/n/0"), next(w).path());
      seen = w.revision();
    }
    s.bind(p("/n/2"), entry(2));
    try (Watch again = watch(s, "/", seen)) {
      assertEquals(p("/n/1"), next(again).path());
      assertEquals(p("/n/2"), next(again).path());
    }
  }

  @Test
  void aWatchFromAFutureRevisionIsRefused() {
    NameStore s = store();
    s.bind(p("/a"), entry(1));
    long now = s.revision();
    FutureRevision f = assertInstanceOf(FutureRevision.class, s.watch(p("/"), now + 5));
    assertEquals(
        "watch / after revision " + (now + 5) + ": the store is at revision " + now, f.message());
  }

  @Test
  void aWatchFromARevisionOlderThanKeptStartsWithTheCurrentSnapshot() {
    NameStore s = store(4);
    long start = s.revision();
    for (int i = 0; i < 10; i++) {
      s.bind(p("/dev/d" + i), entry(i));
    }
    s.bind(p("/other"), entry(99));
    try (Watch w = watch(s, "/dev", start)) {
      Snapshot snap = assertInstanceOf(Snapshot.class, w.next(WAIT).orElseThrow());
      assertEquals(s.revision(), snap.revision());
      assertEquals(11, snap.nodes().size(), "the directory and its 10 names");
      assertEquals(entry(3), snap.nodes().get(p("/dev/d3")));
      s.unbind(p("/dev/d3"));
      NameEvent after = next(w);
      assertEquals(p("/dev/d3"), after.path());
      assertEquals(Kind.UNBOUND, after.kind());
    }
  }

  @Test
  void concurrentBindsAreEachStoredOnceWithTheirOwnRevision() throws Exception {
    NameStore s = store();
    long start = s.revision();
    List<Future<Outcome>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> s.bind(p("/c/n" + (n % 100)), entry(n))));
      }
    }
    Set<Long> revisions = new HashSet<>();
    int done = 0;
    for (Future<Outcome> f : results) {
      if (f.get() instanceof Done d) {
        done++;
        assertTrue(revisions.add(d.revision()), "revision " + d.revision() + " twice");
      } else {
        assertInstanceOf(Exists.class, f.get());
      }
    }
    assertEquals(100, done);
    assertEquals(100, ((Listed) s.list(p("/c"))).children().size());
    assertEquals(start + 100, s.revision());
  }

  @Test
  void aClosedStoreRefusesCallsAndEndsItsWatches() {
    NameStore s = store();
    Watch w = watch(s, "/", s.revision());
    s.close();
    RpcException ended = assertThrows(RpcException.class, () -> w.next(WAIT));
    assertEquals(RpcException.Kind.DISCONNECTED, ended.kind());
    RpcException call = assertThrows(RpcException.class, () -> s.bind(p("/x"), entry(1)));
    assertEquals(RpcException.Kind.DISCONNECTED, call.kind());
  }
}
