package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated code compiles without a single warning under {@code -Xlint:all -Werror}: the
 * conformance schemas, the golden schemas and the bootstrap {@code schema.capnp} reader.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedCodeCompilesTest {

  @Test
  void generatedCodeCompilesWithAllLintWarningsAsErrors(@TempDir Path tmp) {
    Path src = tmp.resolve("src");
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    compiler.compileTree(CapnpTool.TEST_SCHEMAS, List.of("capnp/schema.capnp"), src);
    compiler.compileTree(GoldenTest.GOLDEN, List.of(), src);
    int compiled = GeneratedJava.compile(src, tmp.resolve("classes"));
    assertTrue(compiled >= 7, "generated sources: " + compiled);
  }
}
