package corral.regdsl.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.testing.LogCapture;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.event.Level;

/**
 * Windows over a file shared with a device model, as emulated devices use them: a driver reaches
 * exactly its grant and nothing past it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegisterWindowTest {
  private Path file;

  @BeforeEach
  void createDeviceFile() throws IOException {
    Path shm = Path.of("/dev/shm");
    Path dir = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    file = dir.resolve("corral-regdsl-test-" + UUID.randomUUID());
    Files.write(file, new byte[0x1000]);
  }

  @AfterEach
  void removeDeviceFile() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Runs an access the window must refuse; the refusal is logged once, naming the instance. */
  private static WindowAccessException refused(Executable access) {
    try (LogCapture logs = LogCapture.of("corral.regdsl.window")) {
      WindowAccessException e = assertThrows(WindowAccessException.class, access);
      assertEquals(
          List.of("refused access by instance " + e.owner() + ": " + e.getMessage()),
          logs.messages(Level.WARN));
      return e;
    }
  }

  private MappedFileRegisterWindow model() throws IOException {
    return MappedFileRegisterWindow.open(new WindowGrant("model", file.toString(), 0, 0x1000));
  }

  private MappedFileRegisterWindow uart0() throws IOException {
    return MappedFileRegisterWindow.open(new WindowGrant("uart0", file.toString(), 0x100, 8));
  }

  @Test
  void theDriverAndTheDeviceModelSeeEachOthersWrites() throws IOException {
    try (var model = model();
        var driver = uart0()) {
      driver.writeU8(3, 0x83);
      assertEquals(0x83, model.readU8(0x103));
      model.writeU8(0x105, 0x60);
      assertEquals(0x60, driver.readU8(5));
      driver.writeU32(4, 0xcafef00d);
      assertEquals(0xcafef00d, model.readU32(0x104));
    }
  }

  @Test
  void aReadPastTheGrantFailsNamingTheInstance() throws IOException {
    try (var driver = uart0()) {
      var e = refused(() -> driver.readU8(8));
      assertEquals(
          "instance uart0: 1-byte read at offset 0x8 is outside its window of 0x8 bytes at 0x100",
          e.getMessage());
      assertEquals("uart0", e.owner());
    }
  }

  @Test
  void aWriteStraddlingTheEndOfTheGrantFailsAndChangesNothing() throws IOException {
    try (var model = model();
        var driver = uart0()) {
      model.writeU32(0x108, 0x11223344);
      var e = refused(() -> driver.writeU64(4, -1L));
      assertEquals(
          "instance uart0: 8-byte write at offset 0x4 is outside its window of 0x8 bytes at"
              + " 0x100",
          e.getMessage());
      assertEquals(0x11223344, model.readU32(0x108));
      assertEquals(0, model.readU32(0x104));
    }
  }

  @Test
  void aNegativeOffsetIsOutsideTheGrant() throws IOException {
    try (var driver = uart0()) {
      var e = refused(() -> driver.writeU8(-1, 0));
      assertTrue(e.getMessage().startsWith("instance uart0: 1-byte write at offset 0xffff"));
    }
  }

  @Test
  void theSegmentItselfEndsAtTheGrant() throws IOException {
    try (var model = model();
        var driver = uart0()) {
      assertEquals(8, driver.segment().byteSize());
      assertThrows(
          IndexOutOfBoundsException.class,
          () -> driver.segment().set(ValueLayout.JAVA_BYTE, 8, (byte) 1));
      assertThrows(IndexOutOfBoundsException.class, () -> driver.segment().asSlice(0, 16));
      assertEquals(0, model.readU8(0x108));
    }
  }

  @Test
  void claimingMoreThanTheGrantFailsNamingTheInstanceAndDevice() throws IOException {
    try (var driver = uart0()) {
      var e = refused(() -> driver.claim("DmaController", 0x200));
      assertEquals(
          "instance uart0: device DmaController needs 0x200 bytes but the window is 0x8 bytes"
              + " at 0x100",
          e.getMessage());
    }
  }

  @Test
  void misalignedAccessesAreRefused() throws IOException {
    try (var driver = uart0()) {
      var e = refused(() -> driver.readU16(1));
      assertEquals(
          "instance uart0: 2-byte read at offset 0x1 is misaligned at 0x100", e.getMessage());
    }
  }

  @Test
  void aGrantBeyondTheFileIsNotMapped() {
    var e =
        assertThrows(
            IOException.class,
            () ->
                MappedFileRegisterWindow.open(
                    new WindowGrant("dma0", file.toString(), 0xf00, 0x200)));
    assertEquals(
        "cannot map dma0: " + file + " [0xf00, +0x200): the file has only 4096 bytes",
        e.getMessage());
  }

  @Test
  void anEmptyGrantIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new WindowGrant("x", file.toString(), 0, 0));
    assertEquals(
        "grant to x of " + file + " has base 0 and length 0; need base >= 0 and length >= 1",
        e.getMessage());
  }

  @Test
  void theMmapDowncallMapsExactlyTheGrant() throws IOException {
    try (var model = model();
        var driver =
            UioRegisterWindow.open(new WindowGrant("uio", file.toString(), 0x10, 0x20), 0)) {
      assertEquals(0x20, driver.segment().byteSize());
      driver.writeU32(0x1c, 0x01020304);
      assertEquals(0x01020304, model.readU32(0x2c));
      model.writeU8(0x10, 0x5a);
      assertEquals(0x5a, driver.readU8(0));
      refused(() -> driver.readU8(0x20));
    }
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOfRange(bytes, 0x2c, 0x30));
  }

  @Test
  void aClosedUioWindowFailsCleanlyInsteadOfCrashing() throws IOException {
    var driver = UioRegisterWindow.open(new WindowGrant("uio", file.toString(), 0, 8), 0);
    var segment = driver.segment();
    driver.close();
    assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
  }

  @Test
  void aMissingUioDeviceIsReportedWithTheErrno() {
    var e =
        assertThrows(
            IOException.class,
            () -> UioRegisterWindow.open(new WindowGrant("uio", "/dev/uio-none", 0, 8), 0));
    assertEquals(
        "cannot open uio: /dev/uio-none [0x0, +0x8): No such file or directory (errno 2)",
        e.getMessage());
  }

  @Test
  void aFakeRegisterFileIsZeroedMemoryOfTheGivenSize() {
    try (var regs = new FakeRegisterFile("test", 16)) {
      assertEquals(16, regs.length());
      assertEquals(0L, regs.readU64(8));
      regs.writeU16(2, 0xbeef);
      assertEquals(0xbeef, regs.readU16(2));
    }
  }
}
