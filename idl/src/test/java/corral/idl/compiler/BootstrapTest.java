package corral.idl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed reader of {@code schema.capnp} ({@code corral.capnp.Schema}), which the generator
 * reads its own requests with, is exactly what the generator makes of {@code schema.capnp} today.
 * When this fails after a generator change, regenerate it as {@code idl/README.md} (Bootstrap) says
 * and commit it with the change.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BootstrapTest {

  @Test
  void regeneratingSchemaCapnpReproducesTheCommittedReaderByteForByte(@TempDir Path tmp)
      throws IOException {
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"));
    List<String> written =
        compiler.compileTree(
            tmp.resolve("none"), List.of("capnp/schema.capnp"), tmp.resolve("out"));
    assertEquals(List.of("corral/capnp/Schema.java"), written);
    Path committed = CapnpTool.MODULE.resolve("src/main/java/corral/capnp/Schema.java");
    String expected = Files.readString(committed, StandardCharsets.UTF_8);
    String actual =
        Files.readString(tmp.resolve("out/corral/capnp/Schema.java"), StandardCharsets.UTF_8);
    assertEquals(
        expected, actual, committed + " is stale: regenerate it (idl/README.md, Bootstrap)");
  }
}
