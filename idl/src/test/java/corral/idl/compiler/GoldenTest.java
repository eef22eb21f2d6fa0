package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the generator's exact output for a few small schemas in {@code
 * src/test/resources/golden/NAME.capnp} against {@code NAME.java.golden} next to it.
 *
 * <p>After an intended change to the generator, refresh the golden files with
 *
 * <pre>
 * CORRAL_GOLDEN_UPDATE=1 ./mvnw -q -pl idl -am verify -Dtest=GoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and review the diff ({@code git diff idl/src/test/resources/golden}) like any code change.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoldenTest {
  static final Path GOLDEN = CapnpTool.MODULE.resolve("src/test/resources/golden");

  static boolean updating() {
    return System.getenv("CORRAL_GOLDEN_UPDATE") != null
        || Boolean.getBoolean("corral.golden.update");
  }

  /** Generates one golden schema into {@code out}; returns the single file written. */
  static Path generate(String schema, Path out) {
    SchemaCompiler compiler =
        new SchemaCompiler("capnp", List.of(), out.resolveSibling(out.getFileName() + "-include"));
    List<String> written = compiler.compile(List.of(GOLDEN.resolve(schema)), GOLDEN, out);
    assertEquals(1, written.size(), "files written for " + schema + ": " + written);
    return out.resolve(written.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"point", "shape", "box"})
  void generatedSourceMatchesTheGoldenFile(String name, @TempDir Path tmp) throws IOException {
    String actual =
        Files.readString(generate(name + ".capnp", tmp.resolve("out")), StandardCharsets.UTF_8);
    Path golden = GOLDEN.resolve(name + ".java.golden");
    if (updating()) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(
        Files.readString(golden, StandardCharsets.UTF_8),
        actual,
        "generated Java for "
            + name
            + ".capnp differs from "
            + golden
            + "; if the change is intended, refresh with CORRAL_GOLDEN_UPDATE=1 (see GoldenTest)");
  }
}
