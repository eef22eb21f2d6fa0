package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.regdsl.lang.Device;
import corral.regdsl.window.FakeRegisterFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated device classes bound to a {@link FakeRegisterFile} that simulates their declared
 * effects: driver code (in {@code drivers/SimulationCheck.java}) sees clear-on-read, FIFO pops,
 * write-1-to-clear, banked storage and command triggers as on hardware.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimulatedDeviceTest {
  @TempDir static Path dir;
  private static ClassLoader loader;

  @BeforeAll
  static void compileDevicesAndChecks() throws Exception {
    var sources = new LinkedHashMap<String, String>();
    for (String file : List.of("uart16550.reg", "dma.reg")) {
      var result = Examples.compile(file);
      var java = new JavaGenerator(Examples.PACKAGE, file, result.enums());
      for (Device d : result.devices()) {
        sources.put("corral/devices/" + JavaGenerator.className(d) + ".java", java.generate(d));
      }
    }
    sources.put(
        "corral/devices/SimulationCheck.java", Examples.resource("drivers/SimulationCheck.java"));
    var outcome = JavaCompilation.compile(sources, dir);
    assertEquals(List.of(), outcome.errors());
    loader = outcome.loader();
  }

  private static Object run(String check, long size) throws Exception {
    try (var regs = new FakeRegisterFile("dev0", size)) {
      return JavaCompilation.invoke(
          loader, "corral.devices.SimulationCheck", check, FakeRegisterFile.class, regs);
    }
  }

  @Test
  void onlyAFakeThatSimulatesEffectsHasThemSimulated() throws Exception {
    var check =
        loader
            .loadClass("corral.devices.SimulationCheck")
            .getMethod("uartLineStatusTakenTwice", FakeRegisterFile.class);
    try (var plain = FakeRegisterFile.withoutEffects("uart0", 8);
        var simulating = new FakeRegisterFile("uart1", 8)) {
      assertEquals(List.of(0xFE, 0xFE), check.invoke(null, plain));
      assertEquals(List.of(0xFE, 0x60), check.invoke(null, simulating));
    }
  }

  @Test
  void aDriverExtendingTheGeneratedClassIsSimulatedToo() throws Exception {
    assertEquals(List.of(0xFE, 0x60, 0x60), run("uartExtendingDriverIsSimulated", 8));
  }

  @Test
  void aReceiveLoopDrainsTheFifoThatAReadHookFeeds() throws Exception {
    assertEquals("hello", run("uartReceiveLoopDrainsTheFifo", 8));
  }

  @Test
  void clearOnReadBitsAreSeenOnceThenCleared() throws Exception {
    assertEquals(List.of(0xFE, 0x60, 0x60), run("uartLineStatusErrorsClearWhenRead", 8));
  }

  @Test
  void aWriteOnlyRegisterDoesNotOverwriteTheReadableOneAtItsAddress() throws Exception {
    assertEquals(
        List.of(0x41L, 0x42L, 0x55L, 0x42L),
        run("uartTransmitDoesNotOverwriteTheReceiveBuffer", 8));
  }

  @Test
  void registersOfDifferentBankArmsKeepTheirOwnValues() throws Exception {
    assertEquals(
        List.of(0x0CL, 0x0CL, 0x00L, 0x11L, 0x01L, 0x00L),
        run("uartDivisorLatchIsBankedStorage", 8));
  }

  @Test
  void acknowledgingWithWhatWasSeenClearsOnlyThoseFlags() throws Exception {
    assertEquals(List.of(0x31L, 0x02L), run("dmaAckClearsOnlyTheFlagsSeen", 0x200));
  }

  @Test
  void modifyNeverClearsAWriteOneToClearFlagByAccident() throws Exception {
    assertEquals(
        List.of(0x4FL, 0x5FL, 0x5FL, 0x4FL), run("dmaModifyNeverClearsAFlagByAccident", 0x200));
  }

  @Test
  void aCommandWriteReachesTheDeviceModelHook() throws Exception {
    assertEquals(List.of(4L, 1L), run("dmaCommandTriggersTheDeviceModel", 0x200));
  }

  @Test
  void hooksOnRegistersTheDeviceLacksAreRefusedNamingTheOnesItHas() throws Exception {
    assertEquals(
        "Uart16550 has no readable register THR; it has [RBR, IER, DLL, DLM, IIR, LCR, MCR, LSR,"
            + " MSR, SCR]",
        run("unknownRegisterNamesAreRefused", 8));
  }
}
