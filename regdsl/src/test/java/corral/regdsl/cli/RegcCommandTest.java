package corral.regdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Path reg = oneRegister(dir);
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

  private static Path oneRegister(Path dir) throws Exception {
    return Files.writeString(dir.resolve("ok.reg"), "device D { size 4; reg A @ 0 : rw; }\n");
  }

  @Test
  void aDirectoryGivenAsTheFileIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path regs = Files.createDirectories(dir.resolve("regs"));
    assertEquals(1, run(regs.toString(), "--java", dir.resolve("x").toString()));
    assertEquals(
        regs + ": is a directory; regc compiles one .reg or CMSIS-SVD file\n", err.toString());
    assertTrue(Files.notExists(dir.resolve("x")));
  }

  @Test
  void anOutputDirectoryThatIsAFileIsRefusedInOneLineAndNothingIsWritten(@TempDir Path dir)
      throws Exception {
    Path reg = oneRegister(dir);
    Path blocker = Files.writeString(dir.resolve("blocker"), "");
    int status =
        run(
            reg.toString(),
            "--java",
            dir.resolve("java").toString(),
            "--c",
            dir.resolve("c").toString(),
            "--doc",
            blocker.toString());
    assertEquals(1, status);
    assertEquals(
        "cannot write " + blocker + ": exists and is not a directory; nothing was written\n",
        err.toString());
    assertTrue(Files.notExists(dir.resolve("java")));
    assertTrue(Files.notExists(dir.resolve("c")));
  }

  @Test
  void anOutputFileThatCannotBeReplacedIsRefusedInOneLineAndNothingIsWritten(@TempDir Path dir)
      throws Exception {
    Path reg = oneRegister(dir);
    Path header = Files.createDirectories(dir.resolve("c/d_regs.h"));
    Files.writeString(dir.resolve("c/old.h"), "kept");
    int status =
        run(
            reg.toString(),
            "--java",
            dir.resolve("java").toString(),
            "--c",
            header.getParent().toString());
    assertEquals(1, status);
    assertEquals(
        "cannot write " + header + ": is a directory; nothing was written\n", err.toString());
    assertTrue(Files.notExists(dir.resolve("java")));
    try (var left = Files.list(dir.resolve("c"))) {
      assertEquals(List.of(header, dir.resolve("c/old.h")), left.sorted().toList());
    }
  }

  @Test
  void aPackageThatIsNotAJavaNameIsAUsageErrorAndNothingIsWritten(@TempDir Path dir)
      throws Exception {
    Path reg = oneRegister(dir);
    assertEquals(
        2, run(reg.toString(), "--package", "1bad.pkg", "--java", dir.resolve("x").toString()));
    assertEquals(
        "--package '1bad.pkg' is not a Java package name: '1bad' is not a Java identifier",
        err.toString().lines().findFirst().orElseThrow());
    assertEquals(2, run(reg.toString(), "--package", "corral.int", "--c", dir.toString()));
    assertTrue(
        err.toString()
            .contains(
                "--package 'corral.int' is not a Java package name: 'int' is a Java keyword\n"),
        err.toString());
    assertTrue(Files.notExists(dir.resolve("x")));
  }

  @Test
  void aCmsisSvdFileIsImportedWithEveryPeripheral(@TempDir Path dir) throws Exception {
    Path svd = dir.resolve("ARM_Example.svd");
    try (var in = RegcCommandTest.class.getResourceAsStream("/svd/ARM_Example.svd")) {
      Files.copy(in, svd);
    }
    int status = run(svd.toString(), "--java", dir.resolve("java").toString());
    assertEquals(0, status, err.toString());
    String skipped =
        "ARM_Example.svd:877:9: warning: svd: <register>: register 'DIMNOINDEX%s' has no"
            + " <addressOffset>; skipped\n"
            + "        <register>\n"
            + "        ^\n";
    // TEST2 is derived from TEST1, so the register without an address is reported for both
    assertEquals(skipped + skipped, err.toString());
    Path pkg = dir.resolve("java/corral/devices");
    for (String device : List.of("Timer0", "Timer1", "Timer2", "Test1", "Test2")) {
      assertTrue(Files.isRegularFile(pkg.resolve(device + ".java")), device);
    }
  }
}
