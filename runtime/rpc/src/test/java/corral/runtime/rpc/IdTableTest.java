package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The id table behind questions, exports and embargoes: small ids, lowest freed id reused first.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IdTableTest {

  @Test
  void idsAreAllocatedFromZeroAndTheLowestFreedIdIsReusedFirst() {
    IdTable<String> t = new IdTable<>();
    assertEquals(0, t.add("a"));
    assertEquals(1, t.add("b"));
    assertEquals(2, t.add("c"));
    assertEquals(3, t.add("d"));
    assertEquals("c", t.remove(2));
    assertEquals("a", t.remove(0));
    assertEquals(0, t.add("e"), "lowest free id first");
    assertEquals(2, t.add("f"));
    assertEquals(4, t.add("g"), "no free id left: a new one");
    assertEquals(5, t.size());
  }

  @Test
  void idsFromThePeerThatNameNothingReadAsNullWithoutThrowing() {
    IdTable<String> t = new IdTable<>();
    t.add("a");
    assertNull(t.get(-1));
    assertNull(t.get(1));
    assertNull(t.get(Integer.MAX_VALUE));
    assertNull(t.remove(7));
    assertEquals("a", t.remove(0));
    assertNull(t.remove(0), "a second remove of the same id finds nothing");
    assertEquals(0, t.size());
  }

  @Test
  void forEachVisitsLiveEntriesInIdOrder() {
    IdTable<String> t = new IdTable<>();
    for (String s : List.of("a", "b", "c")) {
      t.add(s);
    }
    t.remove(1);
    List<String> seen = new ArrayList<>();
    t.forEach((id, v) -> seen.add(id + "=" + v));
    assertEquals(List.of("0=a", "2=c"), seen);
  }
}
