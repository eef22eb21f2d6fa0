package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.Device;
import corral.regdsl.window.FakeRegisterFile;
import corral.regdsl.window.RegisterWindow;
import corral.regdsl.window.WindowAccessException;
import corral.runtime.testing.LogCapture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Golden tests of the generated Java, which is also compiled with javac and run against a fake
 * register file; and compile-failure tests showing that misuse of a register does not compile.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaGeneratorTest {

  private static Map<String, String> generated(String file) throws Exception {
    Compiler.Result result = Examples.compile(file);
    var java = new JavaGenerator(Examples.PACKAGE, file, result.enums());
    var out = new LinkedHashMap<String, String>();
    for (Device d : result.devices()) {
      out.put("corral/devices/" + JavaGenerator.className(d) + ".java", java.generate(d));
    }
    return out;
  }

  private static Map<String, String> both() throws Exception {
    var sources = new LinkedHashMap<String, String>();
    sources.putAll(generated("uart16550.reg"));
    sources.putAll(generated("dma.reg"));
    return sources;
  }

  @Test
  void theUartClassMatchesItsGoldenFile() throws Exception {
    String actual = generated("uart16550.reg").get("corral/devices/Uart16550.java");
    assertEquals(Examples.golden("Uart16550.java.golden", actual), actual);
  }

  @Test
  void theDmaClassMatchesItsGoldenFile() throws Exception {
    String actual = generated("dma.reg").get("corral/devices/DmaController.java");
    assertEquals(Examples.golden("DmaController.java.golden", actual), actual);
  }

  @Test
  void generatedClassesCompileWithoutWarnings(@TempDir Path dir) throws Exception {
    var outcome = JavaCompilation.compile(both(), dir);
    assertEquals(List.of(), outcome.errors());
    assertEquals(List.of(), outcome.warnings());
  }

  private static void runCheck(String check, RegisterWindow window, Path dir) throws Exception {
    JavaCompilation.runCheck(both(), check, window, dir);
  }

  @Test
  void theGeneratedUartDrivesAFakeRegisterFile(@TempDir Path dir) throws Exception {
    try (var regs = FakeRegisterFile.withoutEffects("uart0", 8)) {
      runCheck("UartCheck", regs, dir);
    }
  }

  @Test
  void theGeneratedDmaControllerDrivesAFakeRegisterFile(@TempDir Path dir) throws Exception {
    try (var regs = FakeRegisterFile.withoutEffects("dma0", 0x200)) {
      runCheck("DmaCheck", regs, dir);
    }
  }

  @Test
  void bindingToAWindowSmallerThanTheDeviceFailsNamingTheInstance(@TempDir Path dir)
      throws Exception {
    try (var regs = new FakeRegisterFile("uart0", 4);
        LogCapture logs = LogCapture.of("corral.regdsl.window")) {
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              WindowAccessException.class, () -> runCheck("UartCheck", regs, dir));
      assertEquals(
          "instance uart0: device Uart16550 needs 0x8 bytes but the window is 0x4 bytes at 0x0",
          e.getMessage());
      assertEquals("uart0", e.owner());
      assertEquals(
          List.of("refused access by instance uart0: " + e.getMessage()),
          logs.messages(Level.WARN));
    }
  }

  /** Compiles {@code body} as a method over a bound UART and DMA controller; returns errors. */
  private static List<String> misuse(String body, Path dir) throws Exception {
    var sources = both();
    sources.put(
        "corral/devices/Misuse.java",
        """
        package corral.devices;

        class Misuse {
          static void use(Uart16550 uart, DmaController dma) {
            %s
          }
        }
        """
            .formatted(body));
    var outcome = JavaCompilation.compile(sources, dir);
    assertFalse(outcome.success(), "misuse compiled: " + body);
    return outcome.errors();
  }

  @Test
  void writingAReadOnlyRegisterDoesNotCompile(@TempDir Path dir) throws Exception {
    assertEquals(
        List.of(
            "Misuse.java:5: cannot find symbol\n"
                + "  symbol:   method write((v)->v)\n"
                + "  location: class corral.devices.Uart16550.Lsr"),
        misuse("uart.lsr().write(v -> v);", dir));
  }

  @Test
  void modifyingARegisterWhoseReadsHaveSideEffectsDoesNotCompile(@TempDir Path dir)
      throws Exception {
    assertEquals(
        List.of(
            "Misuse.java:5: cannot find symbol\n"
                + "  symbol:   method modify((v)->v)\n"
                + "  location: class corral.devices.Uart16550.Iir"),
        misuse("uart.iir().modify(v -> v);", dir));
  }

  @Test
  void aConsumingRegisterHasNoPlainRead(@TempDir Path dir) throws Exception {
    assertEquals(
        List.of(
            "Misuse.java:5: cannot find symbol\n"
                + "  symbol:   method read()\n"
                + "  location: class corral.devices.Uart16550.Rbr"),
        misuse("uart.rbr().read();", dir));
  }

  @Test
  void aWriteOneToClearRegisterIsAcknowledgedNotModified(@TempDir Path dir) throws Exception {
    assertEquals(
        List.of(
            "Misuse.java:5: cannot find symbol\n"
                + "  symbol:   method modify((v)->v)\n"
                + "  location: class corral.devices.DmaController.IrqStatus"),
        misuse("dma.irqStatus().modify(v -> v);", dir));
  }

  @Test
  void aRegisterWithPreserveBitsIsNotWrittenFromItsResetValue(@TempDir Path dir) throws Exception {
    List<String> errors = misuse("dma.status().write(v -> v.priority(1));", dir);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .getFirst()
            .startsWith(
                "Misuse.java:5: incompatible types: "
                    + "corral.devices.DmaController.Status.Value is not a functional interface"),
        errors.getFirst());
  }

  @Test
  void aRegisterWithPreserveBitsIsOnlyAcknowledgedFromAValueRead(@TempDir Path dir)
      throws Exception {
    List<String> errors = misuse("dma.irqStatus().ack(v -> v.done(1));", dir);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .getFirst()
            .startsWith(
                "Misuse.java:5: incompatible types: "
                    + "corral.devices.DmaController.IrqStatus.Value is not a functional interface"),
        errors.getFirst());
  }

  @Test
  void aReadOnlyFieldHasNoWither(@TempDir Path dir) throws Exception {
    List<String> errors = misuse("dma.status().modify(v -> v.busy(3));", dir);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.getFirst().startsWith("Misuse.java:5: method busy in record"), errors.getFirst());
  }

  @Test
  void theBankSelectorCanOnlyBeChangedByABankScope(@TempDir Path dir) throws Exception {
    List<String> errors = misuse("uart.lcr().write(v -> v.dlab(true));", dir);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.getFirst().startsWith("Misuse.java:5: method dlab in record"), errors.getFirst());
  }

  @Test
  void registersOfANonDefaultBankArmAreOnlyReachableInsideItsScope(@TempDir Path dir)
      throws Exception {
    assertEquals(
        List.of(
            "Misuse.java:5: cannot find symbol\n"
                + "  symbol:   method dll()\n"
                + "  location: variable uart of type corral.devices.Uart16550"),
        misuse("uart.dll().write(1);", dir));
  }

  @Test
  void bigEndianRegistersStoreTheirMostSignificantByteFirst(@TempDir Path dir) throws Exception {
    var result =
        new Compiler(new corral.regdsl.svd.SvdImporter())
            .compile(
                "be.reg",
                """
                device Be {
                  endian be; width u16; size 8;
                  reg A @ 0 : rw;
                  reg B @ 4 : u32 rw { hi [31:16] : uint; lo [15:0] : uint; }
                }
                """,
                dir);
    var generator = new JavaGenerator(Examples.PACKAGE, "be.reg", result.enums());
    var sources = new LinkedHashMap<String, String>();
    sources.put("corral/devices/Be.java", generator.generate(result.devices().getFirst()));
    sources.put(
        "corral/devices/BeCheck.java",
        """
        package corral.devices;

        public final class BeCheck {
          public static void run(corral.regdsl.window.RegisterWindow w) {
            var be = Be.bind(w);
            be.a().write(0x1234);
            be.b().write(v -> v.hi(0xaabb).lo(0xccdd));
            if (be.b().read().lo() != 0xccdd || be.a().read().value() != 0x1234) {
              throw new AssertionError("read back");
            }
          }
        }
        """);
    var outcome = JavaCompilation.compile(sources, dir.resolve("out"));
    assertEquals(List.of(), outcome.errors());
    try (var regs = FakeRegisterFile.withoutEffects("be0", 8)) {
      outcome
          .loader()
          .loadClass("corral.devices.BeCheck")
          .getMethod("run", RegisterWindow.class)
          .invoke(null, regs);
      byte[] bytes = regs.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
      assertEquals(
          "12 34 00 00 aa bb cc dd", java.util.HexFormat.ofDelimiter(" ").formatHex(bytes));
    }
  }
}
