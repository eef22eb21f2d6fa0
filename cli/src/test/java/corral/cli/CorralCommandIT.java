package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.cli.CorralProcess.Result;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import corral.runtime.cap.MethodSet;
import corral.runtime.cap.Restoration;
import corral.runtime.cap.authority.CapabilityAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code corral} launcher at the repository root, as a user would. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorralCommandIT {
  static final long ADMIN = TestAuthority.ADMIN;
  static final long DISK = TestAuthority.DISK;

  @TempDir Path tmp;
  @AutoClose TestAuthority minted;
  CapabilityAuthority authority;
  Capability cap;

  @BeforeEach
  void open() throws Exception {
    minted = new TestAuthority(tmp);
    authority = minted.authority;
    cap = minted.cap;
  }

  static Result corral(String... args) throws Exception {
    return CorralProcess.run(args);
  }

  Capability parse(String text) {
    return ((CapabilityText.Parsed) Capability.parse(text.strip())).capability();
  }

  @Test
  void grantByMethodNamesPrintsANarrowerCapTheAuthorityAccepts() throws Exception {
    Result r =
        corral("grant", "--cap", cap.toText(), "--methods", "revoke,plug", "--expires", "10m");
    assertEquals(0, r.status(), r.err());
    Capability narrower = parse(r.out());
    var restored = (Restoration.Restored) authority.restore(narrower);
    assertEquals(MethodSet.of(0, 2), restored.rights().methods(ADMIN));
    assertTrue(restored.rights().methods(DISK).isEmpty());
    Instant expiry = restored.rights().expiry().orElseThrow();
    assertTrue(expiry.isAfter(Instant.now().plusSeconds(9 * 60)), expiry.toString());
    assertTrue(expiry.isBefore(Instant.now().plusSeconds(11 * 60)), expiry.toString());
  }

  @Test
  void grantByOrdinalsOfAnUnknownInterfaceNeedsTheInterface() throws Exception {
    Result r = corral("grant", "--cap", cap.toText(), "--methods", "0x9f2c7a4e1b3d5c60.@5");
    assertEquals(0, r.status(), r.err());
    assertEquals(
        MethodSet.of(5),
        ((Restoration.Restored) authority.restore(parse(r.out()))).rights().methods(DISK));

    Result ambiguous = corral("grant", "--cap", cap.toText(), "--methods", "5");
    assertEquals(1, ambiguous.status());
    assertEquals(
        "corral grant: method ordinal '5' is ambiguous: the cap grants 2 interfaces; qualify it (e.g."
            + " 0x8a14bb2eebff0377.@5) or give --interface\n",
        ambiguous.err());
  }

  @Test
  void grantRefusesToWiden() throws Exception {
    Capability narrow = cap.allowOnly(DISK, MethodSet.of(0));
    Result r = corral("grant", "--cap", narrow.toText(), "--methods", "0x9f2c7a4e1b3d5c60.@1");
    assertEquals(1, r.status());
    assertEquals(
        "corral grant: method @1 is not granted by the cap, which grants {@0} of 0x9f2c7a4e1b3d5c60\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void grantPinsItsBadInputErrors() throws Exception {
    assertEquals(
        new Result(1, "", "corral grant: the capability does not start with 'corral1:'\n"),
        corral("grant", "--cap", "hello", "--methods", "0"));
    assertEquals(
        new Result(1, "", "corral grant: the capability is malformed: the message is truncated\n"),
        corral("grant", "--cap", cap.toText().substring(0, 40), "--methods", "0"));
    Result unknown = corral("grant", "--cap", cap.toText(), "--methods", "read");
    assertEquals(1, unknown.status());
    assertEquals(
        "corral grant: no granted interface has a method named 'read'; known: AuthorityAdmin (revoke,"
            + " revokeInstance, plug, unplug); interface 0x9f2c7a4e1b3d5c60 is not known to this"
            + " command, so give its methods as ordinals (e.g. --methods 0,2)\n",
        unknown.err());
  }

  @Test
  void inspectShowsGrantsAndCaveatsButNeverTheMac() throws Exception {
    Capability c =
        cap.allowOnly(ADMIN, MethodSet.of(0, 3)).expiringAt(Instant.parse("2031-02-03T04:05:06Z"));
    Result r = corral("cap", "inspect", c.toText());
    assertEquals(0, r.status(), r.err());
    String adminId = Capability.hexId(ADMIN);
    assertEquals(
        "instance   "
            + Capability.hexId(c.instanceId())
            + "\ncap id     "
            + c.id()
            + "\ngrants     AuthorityAdmin ("
            + adminId
            + ") {revoke @0, unplug @3}\nexpires    2031-02-03T04:05:06Z\ncaveats    2\n"
            + "  1. allow AuthorityAdmin ("
            + adminId
            + ") {revoke @0, unplug @3}\n  2. expires at 2031-02-03T04:05:06Z\n",
        r.out());
    assertFalse(r.out().contains(c.toText().substring(8, 30)));
  }

  @Test
  void inspectPinsItsBadInputError() throws Exception {
    assertEquals(
        new Result(
            1,
            "",
            "corral cap inspect: character 9 of the capability is '!', which is not URL-safe base64"
                + " (A-Z a-z 0-9 - _, no padding)\n"),
        corral("cap", "inspect", "corral1:!!!!"));
  }

  @Test
  void theAdminCapWrittenAtFirstStartInspects() throws Exception {
    Result r = corral("cap", "inspect", Files.readString(authority.adminCapFile()).strip());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("{revoke @0, revokeInstance @1, plug @2, unplug @3}"), r.out());
  }

  @Test
  void regcCompilesTheUartDescriptionToJavaCHeaderAndRegisterMap() throws Exception {
    Path uart = Path.of("..", "regdsl", "src", "main", "regdsl", "uart16550.reg").toAbsolutePath();
    Result r =
        corral(
            "regc",
            uart.toString(),
            "--java",
            tmp.resolve("java").toString(),
            "--c",
            tmp.resolve("c").toString(),
            "--doc",
            tmp.resolve("doc").toString());
    assertEquals(0, r.status(), r.err());
    try (var files = Files.walk(tmp.resolve("java"))) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith(".java")), "no Java written");
    }
    try (var files = Files.walk(tmp.resolve("c"))) {
      assertTrue(
          files.filter(f -> f.toString().endsWith(".h")).anyMatch(f -> read(f).contains("0x80")),
          "no C header with the DLAB mask");
    }
    try (var files = Files.walk(tmp.resolve("doc"))) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith(".md")), "no register map written");
    }
  }

  @Test
  void regcNamesTheFileLineAndColumnOfABadDescription() throws Exception {
    Path bad =
        Files.writeString(tmp.resolve("bad.reg"), "device Bad {\n  reg X @ 0 : rw frob;\n}\n");
    Result r = corral("regc", bad.toString(), "--java", tmp.resolve("java").toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("bad.reg:2:"), r.err());
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
