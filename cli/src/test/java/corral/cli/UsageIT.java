package corral.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.cli.CorralProcess.Result;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;

/**
 * Help, version and exit codes of every verb, run through the real launcher. The verbs are found by
 * walking picocli's command tree, so a verb added later is checked without touching this test.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UsageIT {
  static final String EXIT_CODES =
      "\nExit codes:\n"
          + "  0   done\n"
          + "  1   bad input or refused; stderr says what was wrong\n"
          + "  2   bad usage (an unknown, missing or malformed option); stderr says which\n";

  /** Every command of the tree as the words that name it ({@code []} is {@code corral} itself). */
  static List<List<String>> verbs() {
    List<List<String>> out = new ArrayList<>();
    walk(
        Corral.commandLine(InstantSource.system(), InputStream.nullInputStream()),
        List.of(),
        out,
        new IdentityHashMap<>());
    return out;
  }

  private static void walk(
      CommandLine c, List<String> path, List<List<String>> out, Map<CommandLine, Boolean> seen) {
    if (seen.put(c, true) != null) {
      return; // an alias of a command already walked
    }
    out.add(path);
    for (Map.Entry<String, CommandLine> sub : c.getSubcommands().entrySet()) {
      List<String> p = new ArrayList<>(path);
      p.add(sub.getValue().getCommandName());
      walk(sub.getValue(), p, out, seen);
    }
  }

  private static String[] with(List<String> verb, String flag) {
    List<String> args = new ArrayList<>(verb);
    args.add(flag);
    return args.toArray(String[]::new);
  }

  @Test
  void theWalkFindsEveryVerbAndSubVerb() {
    assertTrue(
        verbs()
            .containsAll(
                List.of(
                    List.of(),
                    List.of("grant"),
                    List.of("cap"),
                    List.of("cap", "inspect"),
                    List.of("regc"),
                    List.of("completion"))),
        verbs().toString());
  }

  @Test
  void everyVerbPrintsItsHelpWithTheExitCodesAndExitsZeroWithoutItsRequiredOptions()
      throws Exception {
    List<Executable> checks = new ArrayList<>();
    for (List<String> verb : verbs()) {
      String name = String.join(" ", List.of("corral", String.join(" ", verb))).strip();
      for (String flag : List.of("--help", "-h")) {
        Result r = CorralProcess.run(with(verb, flag));
        checks.add(() -> assertEquals(0, r.status(), name + " " + flag + ": " + r.err()));
        checks.add(() -> assertEquals("", r.err(), name + " " + flag));
        checks.add(
            () ->
                assertTrue(
                    r.out().startsWith("Usage: " + name + " [-hV]") && r.out().endsWith(EXIT_CODES),
                    name + " " + flag + " printed:\n" + r.out()));
      }
    }
    assertAll(checks);
  }

  @Test
  void everyVerbPrintsTheVersionOfTheBuild() throws Exception {
    String version;
    try (InputStream in = Corral.class.getResourceAsStream("version.txt")) {
      version = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(version.matches("corral \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), version);
    List<Executable> checks = new ArrayList<>();
    for (List<String> verb : verbs()) {
      for (String flag : List.of("--version", "-V")) {
        Result r = CorralProcess.run(with(verb, flag));
        checks.add(
            () -> assertEquals(new Result(0, version, ""), r, String.join(" ", verb) + " " + flag));
      }
    }
    assertAll(checks);
  }

  @Test
  void grantWithNothingToNarrowIsAUsageError() throws Exception {
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: nothing to narrow: give --methods, --expires or both\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA"));
  }

  @Test
  void aBadExpiresIsAUsageError() throws Exception {
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: --expires 'soon' is neither a duration (90s, 10m, 2h, 7d) nor an instant"
                + " (2030-01-01T00:00:00Z)\nTry 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA", "--expires", "soon"));
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: --expires 0s would expire the cap at once\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA", "--expires", "0s"));
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: --expires 2001-01-01T00:00:00Z is not in the future\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA", "--expires", "2001-01-01T00:00:00Z"));
  }

  @Test
  void aMethodListThatNoCapCouldSatisfyIsAUsageError() throws Exception {
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: --methods has an empty item in '0,,1'\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA", "--methods", "0,,1"));
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: method ordinal 70000 is above 65535\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--cap", "corral1:AAAA", "--methods", "70000"));
  }

  @Test
  void picocliUsageErrorsNameTheVerbAndPointToItsHelp() throws Exception {
    assertEquals(
        new Result(
            2,
            "",
            "corral grant: Missing required option: '--cap=CAP'\n"
                + "Try 'corral grant --help' for more information.\n"),
        CorralProcess.run("grant", "--methods", "0"));
    assertEquals(
        new Result(
            2,
            "",
            "corral cap: Missing required subcommand\n"
                + "Try 'corral cap --help' for more information.\n"),
        CorralProcess.run("cap"));
    assertEquals(
        new Result(
            2,
            "",
            "corral: Unmatched argument at index 0: 'grnt'\n"
                + "Did you mean: corral grant or corral kernel?\n"
                + "Try 'corral --help' for more information.\n"),
        CorralProcess.run("grnt"));
  }
}
