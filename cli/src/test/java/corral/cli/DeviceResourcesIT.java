package corral.cli;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.regdsl.event.EventLineSender;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Register windows and event lines of devices on the simulated bus, granted to instances: the test
 * plays the device model (it maps the device's files and raises its line) for the scratch driver
 * (drivers/scratch), which serves the window as blocks and counts its interrupts in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeviceResourcesIT {
  RunningKernel kernel;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("corral-resources-it");
    kernel =
        new RunningKernel(
            dir.resolve("state"),
            "--drivers",
            FaultyDriversIT.TEST_DRIVERS.toString(),
            "--no-aot-cache");
  }

  @AfterAll
  void stop() throws Exception {
    if (kernel != null) {
      kernel.close();
      assertEquals(List.of(), kernel.hosts(), "no host may outlive the kernel");
    }
  }

  CorralProcess.Result corral(String... args) throws Exception {
    return kernel.corral(args);
  }

  /** The device model's view of its register window: the whole file, mapped. */
  static MemorySegment map(Path file, Arena arena) throws Exception {
    try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), arena);
    }
  }

  String hostPid(String name) throws Exception {
    return corral("hosts")
        .out()
        .lines()
        .filter(l -> l.endsWith(" " + name))
        .map(l -> l.split("\\s+")[2])
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anAttachedDeviceIsDrivenThroughExactlyTheWindowAndLineItsInstanceWasGranted()
      throws Exception {
    assertEquals(
        new CorralProcess.Result(0, "scratch0 /dev/scratch0\n", ""),
        corral("sim", "attach", "scratch", "--window", "regs=4K", "--event", "irq"));
    assertEquals(
        new CorralProcess.Result(0, "scratch1 /dev/scratch1\n", ""),
        corral("sim", "attach", "scratch", "--window", "regs=2K", "--event", "irq"));
    Path dev = kernel.state.resolve("devices/scratch0");
    try (Arena arena = Arena.ofShared()) {
      MemorySegment regs = map(dev.resolve("regs"), arena);
      assertEquals(4096, regs.byteSize());

      // the device writes its registers; the driver reads them, and the other way round
      String fromDevice = "d".repeat(512);
      MemorySegment.copy(
          fromDevice.getBytes(StandardCharsets.US_ASCII),
          0,
          regs,
          java.lang.foreign.ValueLayout.JAVA_BYTE,
          512,
          512);
      assertEquals(
          new CorralProcess.Result(0, "( data = \"" + fromDevice + "\" )\n", ""),
          corral("call", "/dev/scratch0", "read", "(block = 1, count = 1)"));
      String fromDriver = "w".repeat(512);
      assertEquals(
          new CorralProcess.Result(0, "()\n", ""),
          corral("call", "/dev/scratch0", "write", "(block = 2, data = \"" + fromDriver + "\")"));
      assertEquals(
          fromDriver,
          new String(
              regs.asSlice(1024, 512).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
              StandardCharsets.US_ASCII));
      assertEquals(
          new CorralProcess.Result(
              0, "( info = (blockSize = 512, blockCount = 8, readOnly = false) )\n", ""),
          corral("call", "/dev/scratch0", "info"));

      // the device raises its line; the driver counts the raises in register 0
      try (EventLineSender irq =
          EventLineSender.connect(dev.resolve("irq.bell"), dev.resolve("irq.sock"))) {
        for (int i = 0; i < 3; i++) {
          irq.raise();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (regs.get(JAVA_LONG, 0) != 3 && Instant.now().isBefore(deadline)) {
          Thread.sleep(20);
        }
        assertEquals(3, regs.get(JAVA_LONG, 0), "three raises counted by the driver");
      }
    }

    // the host maps the granted window and nothing of the other device
    String maps = Files.readString(Path.of("/proc", hostPid("/dev/scratch0"), "maps"));
    assertTrue(maps.contains(dev.resolve("regs").toString()), maps);
    assertFalse(maps.contains("devices/scratch1"), maps);

    assertEquals(0, corral("sim", "detach", "scratch0").status());
    assertFalse(Files.exists(dev), "the device's files go with it");
    assertEquals(0, corral("sim", "detach", "scratch1").status());
  }

  @Test
  void anInstanceIsGrantedOnlyResourcesThatExistAreOfTheirKindAndAreFree() throws Exception {
    assertEquals(
        0,
        corral("sim", "attach", "scratch", "--id", "pad", "--window", "regs=1K", "--event", "irq")
            .status());
    try {
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral plug: regs=nope/regs: no register window of that name on the simulated bus;"
                  + " windows: pad/regs\n"),
          corral("plug", "scratch", "/dev/s1", "--set", "regs=nope/regs", "--set", "irq=pad/irq"));
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral plug: regs=pad/irq: no register window of that name on the simulated bus;"
                  + " windows: pad/regs\n"),
          corral("plug", "scratch", "/dev/s1", "--set", "regs=pad/irq", "--set", "irq=pad/irq"));
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral plug: irq=pad/irq: the event line is granted to another instance already (a"
                  + " line has one listener)\n"),
          corral("plug", "scratch", "/dev/s1", "--set", "regs=pad/regs", "--set", "irq=pad/irq"));
      CorralProcess.Result missing = corral("plug", "scratch", "/dev/s1");
      assertEquals(1, missing.status(), missing.toString());
      assertTrue(missing.err().contains("regs"), missing.err());
      CorralProcess.Result zero = corral("sim", "attach", "scratch", "--window", "regs=0");
      assertEquals(2, zero.status(), zero.toString());
      assertTrue(zero.err().contains("--window regs=0"), zero.err());
      assertFalse(corral("ls").out().contains("/dev/s1"), "nothing was plugged");
    } finally {
      assertEquals(0, corral("sim", "detach", "pad").status());
    }
  }
}
