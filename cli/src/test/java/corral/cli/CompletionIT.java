package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code corral completion}, loaded into a real bash the way a user loads it, completes verbs and
 * options: the test asks bash which function {@code complete} registered for {@code corral} and
 * calls it as readline would on TAB, with {@code COMP_WORDS}, {@code COMP_CWORD} and {@code
 * COMP_LINE} set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompletionIT {
  static final String SCRIPT =
      """
      set -u
      # compopt changes the options of a completion in progress, so outside readline it refuses to
      # run; as a no-op it lets the generated functions run here as they would on TAB.
      compopt() { :; }
      source <("$0" completion) || exit 3
      fn=$(complete -p corral | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
      [ -n "$fn" ] || { echo "no completion function registered for corral" >&2; exit 4; }
      for line in "$@"; do
        read -r -a COMP_WORDS <<< "$line"
        [[ "$line" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE=$line
        COMP_POINT=${#line}
        COMPREPLY=()
        "$fn"
        echo "$line|$(printf '%s\\n' "${COMPREPLY[@]}" | sort | paste -sd ' ')"
      done
      """;

  @Test
  void theGeneratedScriptCompletesVerbsSubVerbsAndOptionsInBash() throws Exception {
    List<String> lines =
        List.of(
            "corral gr",
            "corral ",
            "corral cap i",
            "corral cap inspect --j",
            "corral grant --ca",
            "corral grant --cap x --e");
    ProcessBuilder pb =
        new ProcessBuilder(
            concat(List.of("bash", "-c", SCRIPT, CorralProcess.LAUNCHER.toString()), lines));
    pb.environment().put("CORRAL_NO_BUILD", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not exit");
    assertEquals(0, p.exitValue(), out);
    assertEquals(
        """
        corral gr|grant
        corral |alias call cap completion drivers grant hosts kernel ls plug publish regc revoke sim swap unbind unplug
        corral cap i|inspect
        corral cap inspect --j|--json
        corral grant --ca|--cap
        corral grant --cap x --e|--expires
        """,
        out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
