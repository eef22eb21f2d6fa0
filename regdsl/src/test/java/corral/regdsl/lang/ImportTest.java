package corral.regdsl.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ImportTest {

  @Test
  void anImportedEnumIsUsableAsAFieldType(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("common.reg"), "enum Mode { OFF = 0, ON = 1 }\n");
    Files.writeString(
        dir.resolve("dev.reg"),
        "import \"common.reg\";\n"
            + "device D { width u8; size 1; reg C @ 0 : rw { m [0] : Mode; reserved [7:1] = 0; } }\n");
    var result = new Compiler((p, per, at, d) -> List.of()).compile(dir.resolve("dev.reg"));
    assertEquals(List.of("D"), result.devices().stream().map(Device::name).toList());
    assertEquals(
        List.of(0L, 1L),
        result.enums().get("Mode").codes().stream().map(EnumDecl.Code::value).toList());
  }

  @Test
  void importsAreResolvedRelativeToTheImportingFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("lib/inner"));
    Files.writeString(dir.resolve("lib/a.reg"), "import \"inner/b.reg\";\n");
    Files.writeString(dir.resolve("lib/inner/b.reg"), "enum Speed { SLOW = 0, FAST = 1 }\n");
    Files.writeString(
        dir.resolve("dev.reg"),
        "import \"lib/a.reg\";\n"
            + "device D { width u8; size 1; reg C @ 0 : rw { s [0] : Speed; reserved [7:1] = 0; } }\n");
    var result = new Compiler((p, per, at, d) -> List.of()).compile(dir.resolve("dev.reg"));
    assertEquals(List.of("Speed"), List.copyOf(result.enums().keySet()));
  }

  @Test
  void aSyntaxErrorInAnImportedFileIsReportedInThatFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("common.reg"), "enum Mode { OFF = 0 ON = 1 }\n");
    Files.writeString(dir.resolve("dev.reg"), "import \"common.reg\";\n");
    var e =
        assertThrows(
            DescriptionException.class,
            () -> new Compiler((p, per, at, d) -> List.of()).compile(dir.resolve("dev.reg")));
    assertEquals(
        """
        common.reg:1:21: error: expected ',' but found 'ON'
        enum Mode { OFF = 0 ON = 1 }
                            ^""",
        e.getMessage());
  }

  @Test
  void anImportCycleIsReadOnce(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.reg"), "import \"b.reg\";\nenum A { X = 0 }\n");
    Files.writeString(dir.resolve("b.reg"), "import \"a.reg\";\nenum B { Y = 0 }\n");
    var result = new Compiler((p, per, at, d) -> List.of()).compile(dir.resolve("a.reg"));
    assertEquals(2, result.enums().size());
  }
}
