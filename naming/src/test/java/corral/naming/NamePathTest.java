package corral.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamePathTest {
  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> NamePath.parse(text)).getMessage();
  }

  @Test
  void aNameHasSegmentsAParentAndAPrefixOrder() {
    NamePath p = NamePath.parse("/dev/serial/by-id");
    assertEquals(List.of("dev", "serial", "by-id"), p.segments());
    assertEquals(NamePath.parse("/dev/serial"), p.parent());
    assertEquals("by-id", p.name());
    assertEquals(3, p.depth());
    assertEquals(NamePath.parse("/dev"), p.prefix(1));
    assertTrue(p.isUnder(NamePath.parse("/dev")));
    assertTrue(!NamePath.parse("/device").isUnder(NamePath.parse("/dev")));
    assertEquals(NamePath.ROOT, NamePath.parse("/"));
    assertEquals(NamePath.ROOT, NamePath.parse("/dev").parent());
  }

  @Test
  void malformedNamesAreRefusedNamingTheNameAndTheFault() {
    assertEquals("bad name \"dev/x\": a name starts with '/'", refusal("dev/x"));
    assertEquals("bad name \"\": a name starts with '/'", refusal(""));
    assertEquals(
        "bad name \"/dev//x\": empty segment (two '/' in a row at index 4)", refusal("/dev//x"));
    assertEquals("bad name \"/dev/\": ends with '/'", refusal("/dev/"));
    assertEquals(
        "bad name \"/dev/../etc\": '..' is not allowed as a segment (at index 5)",
        refusal("/dev/../etc"));
    assertEquals(
        "bad name \"/./x\": '.' is not allowed as a segment (at index 1)", refusal("/./x"));
    assertEquals(
        "bad name \"/dev/a\\u0007b\": control character U+0007 at index 6",
        refusal("/dev/a\u0007b"));
    String longSegment = "/" + "x".repeat(256);
    assertTrue(
        refusal(longSegment).endsWith(": segment at index 1 is longer than 255 bytes (256)"),
        refusal(longSegment));
    String longName = ("/" + "y".repeat(200)).repeat(21);
    assertTrue(refusal(longName).endsWith(": longer than 4096 bytes (4221)"), refusal(longName));
    assertTrue(refusal(longName).startsWith("bad name \"/yyy"), "the text is shown, shortened");
  }

  @Test
  void segmentLimitsCountBytesOfUtf8() {
    NamePath.parse("/" + "é".repeat(127));
    assertTrue(refusal("/" + "é".repeat(128)).endsWith("longer than 255 bytes (256)"));
  }
}
