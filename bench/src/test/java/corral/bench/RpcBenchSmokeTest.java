package corral.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness runs one tiny round of every contender, with real processes, sockets and the C++
 * reference, and prints its table. Says nothing about speed: benchmarks are programs, not tests.
 */
class RpcBenchSmokeTest {

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void oneTinyRoundOfEveryContenderProducesEveryFigure() throws Exception {
    RpcBench.Options tiny =
        new RpcBench.Options(
            1, 20, 0, List.of("same"), "0", "1", true, Path.of("").toAbsolutePath());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    RpcBench bench = new RpcBench(tiny, new PrintStream(progress, true, StandardCharsets.UTF_8));

    Map<RpcBench.Placement, RpcBench.Figures> results = bench.run();

    assertEquals(1, results.size());
    RpcBench.Figures figures = results.values().iterator().next();
    String log = progress.toString(StandardCharsets.UTF_8);
    assertEquals(8, figures.values().size(), log);
    figures
        .values()
        .forEach(
            (contender, byMetric) ->
                byMetric.forEach(
                    (metric, perRound) ->
                        assertFalse(
                            Double.isNaN(perRound[0]),
                            contender.label() + " has no " + metric + " figure:\n" + log)));

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    bench.print(results, new PrintStream(table, true, StandardCharsets.UTF_8));
    String text = table.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("raw Java socket (limit)") && text.contains("C++ EzRpc"), text);
    assertFalse(text.contains("n/a"), text);
  }

  @Test
  void clientAnswerLinesAreParsedIntoTheirFields() {
    assertEquals(
        Map.of("calls", 3L, "p50", 12000L, "p90", 15000L, "p99", 20000L),
        RpcBench.fields("ping calls=3 p50=12000 p90=15000 p99=20000"));
  }

  @Test
  void spreadIsTheMedianAndRangeOfTheRunsThatProducedAFigure() {
    RpcBench.Spread s = RpcBench.Spread.of(new double[] {3, Double.NaN, 1, 2, 10});
    assertEquals(new RpcBench.Spread(2.5, 1, 10, 4), s);
    assertEquals("2.5 [1.0..10.0]", s.format("%.1f"));
  }
}
