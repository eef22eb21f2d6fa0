package corral.regdsl.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link AccessorBenchmark} in rounds: each round runs one fork of every benchmark, in a
 * shuffled order, so a generated sequence and its hand-written baseline are measured minutes, not
 * a whole run, apart. On a machine shared with other builds, load drifts; pairing by round keeps
 * the drift out of the ratios. Prints, per benchmark, the median and range of the rounds' scores
 * and, per pair, the median and range of the per-round ratios.
 *
 * <p>Arguments: {@code [rounds]} (default 7).
 */
public final class PairedRunner {
  private PairedRunner() {}

  /** Generated (or diagnostic) benchmark → its baseline. */
  private static final Map<String, String> PAIRS = new LinkedHashMap<>();

  static {
    PAIRS.put("generatedUartSequence", "handWrittenUartSequence");
    PAIRS.put("generatedDmaSequence", "handWrittenDmaSequence");
    PAIRS.put("boundUartSequence", "handWrittenUartSequence");
    PAIRS.put("boundDmaSequence", "handWrittenDmaSequence");
    PAIRS.put("handWrittenViaHolderUartSequence", "handWrittenUartSequence");
    PAIRS.put("handWrittenViaHolderLocalUartSequence", "handWrittenUartSequence");
  }

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    var names = new ArrayList<String>();
    for (var e : PAIRS.entrySet()) {
      for (String n : List.of(e.getKey(), e.getValue())) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    names.forEach(n -> scores.put(n, new ArrayList<>()));
    var random = new Random(25);
    for (int round = 0; round < rounds; round++) {
      var order = new ArrayList<>(names);
      Collections.shuffle(order, random);
      for (String name : order) {
        var options =
            new OptionsBuilder()
                .include(AccessorBenchmark.class.getName() + "." + name + "$")
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                .build();
        for (RunResult r : new Runner(options).run()) {
          double score = r.getPrimaryResult().getScore();
          scores.get(name).add(score);
          System.out.printf("round %d  %-34s %7.3f ns/op%n", round + 1, name, score);
        }
      }
    }
    System.out.printf("%n%-34s %8s %17s%n", "benchmark (ns/op)", "median", "range");
    for (var e : scores.entrySet()) {
      List<Double> s = e.getValue();
      System.out.printf(
          "%-34s %8.3f  [%6.3f, %6.3f]%n",
          e.getKey(), median(s), Collections.min(s), Collections.max(s));
    }
    System.out.printf(
        "%n%-34s %-26s %6s %17s%n", "pair (per-round ratio)", "baseline", "median", "range");
    for (var e : PAIRS.entrySet()) {
      var ratios = new ArrayList<Double>();
      List<Double> a = scores.get(e.getKey());
      List<Double> b = scores.get(e.getValue());
      for (int i = 0; i < rounds; i++) {
        ratios.add(a.get(i) / b.get(i));
      }
      System.out.printf(
          "%-34s %-26s %6.3f  [%6.3f, %6.3f]%n",
          e.getKey(),
          e.getValue(),
          median(ratios),
          Collections.min(ratios),
          Collections.max(ratios));
    }
  }

  private static double median(List<Double> values) {
    var s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
