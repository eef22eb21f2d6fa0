package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.cli.CorralProcess.Result;
import corral.runtime.cap.Capability;
import corral.runtime.cap.MethodSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the verbs take a cap (its text, {@code @FILE} or {@code -}, so that it need not show in
 * {@code ps}) and print data ({@code --json}), through the real launcher.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CapVerbsIT {
  static final long ADMIN = TestAuthority.ADMIN;
  static final long DISK = TestAuthority.DISK;

  @TempDir Path tmp;
  @AutoClose TestAuthority minted;
  Capability cap;

  @BeforeEach
  void mint() throws Exception {
    minted = new TestAuthority(tmp);
    cap = minted.cap;
  }

  private MethodSet adminMethodsOf(String text) {
    return minted.restore(text).methods(ADMIN);
  }

  @Test
  void inspectReadsTheCapFromAFileAndFromStandardInput() throws Exception {
    Result direct = CorralProcess.run("cap", "inspect", cap.toText());
    assertEquals(0, direct.status(), direct.err());
    Path adminCap = minted.authority.adminCapFile();
    Result admin = CorralProcess.run("cap", "inspect", Files.readString(adminCap).strip());
    assertEquals(admin, CorralProcess.run("cap", "inspect", "@" + adminCap));
    Path file = Files.writeString(tmp.resolve("disk.cap"), "\n  " + cap.toText() + "\n\n");
    assertEquals(direct, CorralProcess.run("cap", "inspect", "@" + file));
    assertEquals(direct, CorralProcess.runWithInput(cap.toText() + "\n", "cap", "inspect", "-"));
  }

  @Test
  void grantReadsTheCapFromAFileAndFromStandardInput() throws Exception {
    Path file = Files.writeString(tmp.resolve("disk.cap"), cap.toText() + "\n");
    Result fromFile = CorralProcess.run("grant", "--cap", "@" + file, "--methods", "revoke");
    assertEquals(0, fromFile.status(), fromFile.err());
    assertEquals(MethodSet.of(0), adminMethodsOf(fromFile.out().strip()));
    Result fromStdin =
        CorralProcess.runWithInput(cap.toText(), "grant", "--cap", "-", "--methods", "plug");
    assertEquals(0, fromStdin.status(), fromStdin.err());
    assertEquals(MethodSet.of(2), adminMethodsOf(fromStdin.out().strip()));
  }

  @Test
  void aCapThatCannotBeReadIsBadInputNamingWhereItWasToComeFrom() throws Exception {
    Path missing = tmp.resolve("no").resolve("such.cap");
    assertEquals(
        new Result(
            1, "", "corral cap inspect: cannot read cap from @" + missing + ": no such file\n"),
        CorralProcess.run("cap", "inspect", "@" + missing));
    assertEquals(
        new Result(1, "", "corral grant: cannot read cap from @" + tmp + ": it is a directory\n"),
        CorralProcess.run("grant", "--cap", "@" + tmp, "--methods", "revoke"));
    assertEquals(
        new Result(1, "", "corral cap inspect: cannot read cap from @: no file name after '@'\n"),
        CorralProcess.run("cap", "inspect", "@"));
    Path big = Files.write(tmp.resolve("big"), new byte[CapReader.MAX_BYTES + 1]);
    assertEquals(
        new Result(
            1,
            "",
            "corral cap inspect: cannot read cap from @"
                + big
                + ": it is longer than 65536 bytes, and a cap is at most 8192 characters\n"),
        CorralProcess.run("cap", "inspect", "@" + big));
    Path notACap = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
    assertEquals(
        new Result(
            1,
            "",
            "corral grant: cap from @"
                + notACap
                + ": the capability does not start with 'corral1:'\n"),
        CorralProcess.run("grant", "--cap", "@" + notACap, "--methods", "revoke"));
    assertEquals(
        new Result(1, "", "corral cap inspect: cap from standard input: the capability is empty\n"),
        CorralProcess.runWithInput("\n", "cap", "inspect", "-"));
  }

  @Test
  void anAtSignIsNeverAFileOfArguments() throws Exception {
    // Picocli would read "@0" as the arguments in file "0" (here: plug); Corral reads it as the
    // ordinal @0 (revoke).
    Files.writeString(tmp.resolve("0"), "plug\n");
    Result r =
        CorralProcess.runIn(
            tmp,
            "grant",
            "--cap",
            cap.toText(),
            "--interface",
            "AuthorityAdmin",
            "--methods",
            "@0");
    assertEquals(0, r.status(), r.err());
    assertEquals(MethodSet.of(0), adminMethodsOf(r.out().strip()));
  }

  @Test
  void inspectJsonIsOneObjectWithGrantsAndCaveats() throws Exception {
    Capability c =
        cap.allowOnly(ADMIN, MethodSet.of(0, 3)).expiringAt(Instant.parse("2031-02-03T04:05:06Z"));
    Result r = CorralProcess.run("cap", "inspect", "--json", c.toText());
    assertEquals(0, r.status(), r.err());
    String admin = Capability.hexId(ADMIN);
    Map<String, Object> grant =
        Inspect.object(
            "interface",
            admin,
            "name",
            "AuthorityAdmin",
            "methods",
            List.of(
                Inspect.object("ordinal", 0L, "name", "revoke"),
                Inspect.object("ordinal", 3L, "name", "unplug")));
    assertEquals(
        Inspect.object(
            "instance",
            Capability.hexId(c.instanceId()),
            "capId",
            c.id().toString(),
            "grants",
            List.of(grant),
            "expires",
            "2031-02-03T04:05:06Z",
            "caveats",
            List.of(
                Inspect.object("kind", "allow", "grants", List.of(grant)),
                Inspect.object("kind", "expiresAt", "notAfter", "2031-02-03T04:05:06Z"))),
        StrictJson.parse(r.out()));
    assertEquals(1, r.out().lines().count(), r.out());
  }

  @Test
  void inspectJsonGivesUnknownNamesAndANeverExpiringCapAsNull() throws Exception {
    Result r =
        CorralProcess.run(
            "cap", "inspect", "--json", cap.allowOnly(DISK, MethodSet.of(5)).toText());
    assertEquals(0, r.status(), r.err());
    Map<?, ?> json = (Map<?, ?>) StrictJson.parse(r.out());
    Map<String, Object> disk =
        Inspect.object(
            "interface",
            Capability.hexId(DISK),
            "name",
            null,
            "methods",
            List.of(Inspect.object("ordinal", 5L, "name", null)));
    assertEquals(List.of(disk), json.get("grants"));
    assertTrue(json.containsKey("expires"), r.out());
    assertNull(json.get("expires"));
  }

  @Test
  void grantJsonPrintsTheNewCap() throws Exception {
    Result r =
        CorralProcess.run("grant", "--json", "--cap", cap.toText(), "--methods", "revoke,plug");
    assertEquals(0, r.status(), r.err());
    Map<?, ?> json = (Map<?, ?>) StrictJson.parse(r.out());
    assertEquals(List.of("cap"), List.copyOf(json.keySet()));
    assertEquals(MethodSet.of(0, 2), adminMethodsOf((String) json.get("cap")));
  }
}
