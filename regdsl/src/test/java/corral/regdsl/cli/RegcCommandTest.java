package corral.regdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegcCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = new CommandLine(new RegcCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void regcWritesJavaCAndMarkdownForTheUart(@TempDir Path dir) {
    Path examples = Path.of(System.getProperty("corral.regdsl.examples", "src/main/regdsl"));
    int status =
        run(
            examples.resolve("uart16550.reg").toString(),
            "--java",
            dir.resolve("java").toString(),
            "--package",
            "corral.drivers.uart",
            "--c",
            dir.resolve("c").toString(),
            "--doc",
            dir.resolve("doc").toString());
    assertEquals(0, status, err.toString());
    assertTrue(Files.isRegularFile(dir.resolve("java/corral/drivers/uart/Uart16550.java")));
    assertTrue(Files.isRegularFile(dir.resolve("c/uart16550_regs.h")));
    assertTrue(Files.isRegularFile(dir.resolve("doc/Uart16550.md")));
    assertEquals(3, out.toString().lines().filter(l -> l.startsWith("wrote ")).count());
  }

  @Test
  void aBrokenDescriptionPrintsCaretDiagnosticsWritesNothingAndExitsWithOne(@TempDir Path dir)
      throws Exception {
    Path reg = dir.resolve("bad.reg");
    Files.writeString(reg, "device D {\n  size 4;\n  reg A @ 2 : u32 rw;\n}\n");
    int status = run(reg.toString(), "--java", dir.resolve("java").toString());
    assertEquals(1, status);
    assertEquals(
        reg
            + ":3:11: error: register 'A' at offset 0x2 is not aligned to its width (4 bytes)\n"
            + "  reg A @ 2 : u32 rw;\n"
            + "          ^\n"
            + reg
            + ":3:3: error: register 'A' ends at 0x6, beyond device size 0x4\n"
            + "  reg A @ 2 : u32 rw;\n"
            + "  ^\n",
        err.toString());
    assertTrue(Files.notExists(dir.resolve("java")));
  }

  @Test
  void withoutAnyOutputDirectoryItIsAUsageError(@TempDir Path dir) throws Exception {
    Path reg = dir.resolve("ok.reg");
    Files.writeString(reg, "device D { size 4; reg A @ 0 : rw; }\n");
    assertEquals(2, run(reg.toString()));
    assertTrue(
        err.toString().startsWith("nothing to write: give at least one of --java, --c, --doc"),
        err.toString());
  }

  @Test
  void aMissingFileIsReportedByName(@TempDir Path dir) {
    Path reg = dir.resolve("none.reg");
    assertEquals(1, run(reg.toString(), "--c", dir.toString()));
    assertEquals(reg + ": no such file\n", err.toString());
  }
}
