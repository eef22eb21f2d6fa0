package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.regdsl.lang.Compiler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CHeaderGeneratorTest {

  private static String header(String file) throws Exception {
    Compiler.Result result = Examples.compile(file);
    return new CHeaderGenerator(file, result.enums()).generate(result.devices().getFirst());
  }

  /** The macros of a header, by name. */
  private static Map<String, Long> macros(String header) {
    var out = new HashMap<String, Long>();
    var m = Pattern.compile("(?m)^#define (\\w+) 0x([0-9a-f]+)(?:ULL)?\\b").matcher(header);
    while (m.find()) {
      out.put(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
    }
    var shifts = Pattern.compile("(?m)^#define (\\w+_SHIFT) (\\d+)$").matcher(header);
    while (shifts.find()) {
      out.put(shifts.group(1), Long.parseLong(shifts.group(2)));
    }
    return out;
  }

  @Test
  void theUartHeaderMatchesItsGoldenFile() throws Exception {
    String actual = header("uart16550.reg");
    assertEquals(Examples.golden("uart16550_regs.h.golden", actual), actual);
  }

  @Test
  void theDmaHeaderMatchesItsGoldenFile() throws Exception {
    String actual = header("dma.reg");
    assertEquals(Examples.golden("dma_controller_regs.h.golden", actual), actual);
  }

  /**
   * Linux's include/uapi/linux/serial_reg.h (values copied from the kernel header) against the
   * macros generated from uart16550.reg: the left name is Linux's, the right one ours.
   */
  @Test
  void theUartHeaderAgreesWithLinuxSerialRegH() throws Exception {
    Map<String, Long> ours = macros(header("uart16550.reg"));
    Object[][] linux = {
      {"UART_RX", 0, "UART_RBR"},
      {"UART_TX", 0, "UART_THR"},
      {"UART_IER", 1, "UART_IER"},
      {"UART_IIR", 2, "UART_IIR"},
      {"UART_FCR", 2, "UART_FCR"},
      {"UART_LCR", 3, "UART_LCR"},
      {"UART_MCR", 4, "UART_MCR"},
      {"UART_LSR", 5, "UART_LSR"},
      {"UART_MSR", 6, "UART_MSR"},
      {"UART_SCR", 7, "UART_SCR"},
      {"UART_DLL", 0, "UART_DLL"},
      {"UART_DLM", 1, "UART_DLM"},
      {"UART_IER_MSI", 0x08, "UART_IER_MSI"},
      {"UART_IER_RLSI", 0x04, "UART_IER_RLSI"},
      {"UART_IER_THRI", 0x02, "UART_IER_THRI"},
      {"UART_IER_RDI", 0x01, "UART_IER_RDI"},
      {"UART_IIR_NO_INT", 0x01, "UART_IIR_NO_INT"},
      {"UART_IIR_ID", 0x0e, "UART_IIR_ID"},
      {"UART_IIR_MSI", 0x00, "UART_IIR_ID_MSI"},
      {"UART_IIR_THRI", 0x02, "UART_IIR_ID_THRI"},
      {"UART_IIR_RDI", 0x04, "UART_IIR_ID_RDI"},
      {"UART_IIR_RLSI", 0x06, "UART_IIR_ID_RLSI"},
      {"UART_IIR_RX_TIMEOUT", 0x0c, "UART_IIR_ID_RX_TIMEOUT"},
      {"UART_FCR_ENABLE_FIFO", 0x01, "UART_FCR_ENABLE_FIFO"},
      {"UART_FCR_CLEAR_RCVR", 0x02, "UART_FCR_CLEAR_RCVR"},
      {"UART_FCR_CLEAR_XMIT", 0x04, "UART_FCR_CLEAR_XMIT"},
      {"UART_FCR_DMA_SELECT", 0x08, "UART_FCR_DMA_SELECT"},
      {"UART_FCR_TRIGGER_MASK", 0xc0, "UART_FCR_RX_TRIGGER"},
      {"UART_FCR_TRIGGER_1", 0x00, "UART_FCR_RX_TRIGGER_BYTES1"},
      {"UART_FCR_TRIGGER_4", 0x40, "UART_FCR_RX_TRIGGER_BYTES4"},
      {"UART_FCR_TRIGGER_8", 0x80, "UART_FCR_RX_TRIGGER_BYTES8"},
      {"UART_FCR_TRIGGER_14", 0xc0, "UART_FCR_RX_TRIGGER_BYTES14"},
      {"UART_FCR_R_TRIG_SHIFT", 6, "UART_FCR_RX_TRIGGER_SHIFT"},
      {"UART_LCR_DLAB", 0x80, "UART_LCR_DLAB"},
      {"UART_LCR_SBC", 0x40, "UART_LCR_SET_BREAK"},
      {"UART_LCR_SPAR", 0x20, "UART_LCR_STICK_PARITY"},
      {"UART_LCR_EPAR", 0x10, "UART_LCR_EVEN_PARITY"},
      {"UART_LCR_PARITY", 0x08, "UART_LCR_PARITY"},
      {"UART_LCR_STOP", 0x04, "UART_LCR_STOP"},
      {"UART_LCR_WLEN5", 0x00, "UART_LCR_WORD_LENGTH_BITS5"},
      {"UART_LCR_WLEN6", 0x01, "UART_LCR_WORD_LENGTH_BITS6"},
      {"UART_LCR_WLEN7", 0x02, "UART_LCR_WORD_LENGTH_BITS7"},
      {"UART_LCR_WLEN8", 0x03, "UART_LCR_WORD_LENGTH_BITS8"},
      {"UART_MCR_LOOP", 0x10, "UART_MCR_LOOP"},
      {"UART_MCR_OUT2", 0x08, "UART_MCR_OUT2"},
      {"UART_MCR_OUT1", 0x04, "UART_MCR_OUT1"},
      {"UART_MCR_RTS", 0x02, "UART_MCR_RTS"},
      {"UART_MCR_DTR", 0x01, "UART_MCR_DTR"},
      {"UART_LSR_FIFOE", 0x80, "UART_LSR_FIFO_ERROR"},
      {"UART_LSR_TEMT", 0x40, "UART_LSR_TRANSMITTER_EMPTY"},
      {"UART_LSR_THRE", 0x20, "UART_LSR_THR_EMPTY"},
      {"UART_LSR_BI", 0x10, "UART_LSR_BREAK_INTERRUPT"},
      {"UART_LSR_FE", 0x08, "UART_LSR_FRAMING_ERROR"},
      {"UART_LSR_PE", 0x04, "UART_LSR_PARITY_ERROR"},
      {"UART_LSR_OE", 0x02, "UART_LSR_OVERRUN_ERROR"},
      {"UART_LSR_DR", 0x01, "UART_LSR_DATA_READY"},
      {"UART_LSR_BRK_ERROR_BITS", 0x1e, "UART_LSR_BRK_ERROR_BITS"},
      {"UART_MSR_DCD", 0x80, "UART_MSR_DCD"},
      {"UART_MSR_RI", 0x40, "UART_MSR_RI"},
      {"UART_MSR_DSR", 0x20, "UART_MSR_DSR"},
      {"UART_MSR_CTS", 0x10, "UART_MSR_CTS"},
      {"UART_MSR_DDCD", 0x08, "UART_MSR_DELTA_DCD"},
      {"UART_MSR_TERI", 0x04, "UART_MSR_TRAILING_EDGE_RI"},
      {"UART_MSR_DDSR", 0x02, "UART_MSR_DELTA_DSR"},
      {"UART_MSR_DCTS", 0x01, "UART_MSR_DELTA_CTS"},
      {"UART_MSR_ANY_DELTA", 0x0f, "UART_MSR_ANY_DELTA"},
    };
    for (Object[] row : linux) {
      String ourName = (String) row[2];
      assertEquals(
          Long.valueOf(((Number) row[1]).longValue()),
          ours.get(ourName),
          row[0] + " in serial_reg.h vs " + ourName + " in the generated header");
    }
  }

  /** The headers are valid C: the system C compiler (cc) checks them with -Wall -Werror. */
  @Test
  void theHeadersCompileAsC(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("uart16550_regs.h"), header("uart16550.reg"));
    java.nio.file.Files.writeString(dir.resolve("dma_controller_regs.h"), header("dma.reg"));
    java.nio.file.Files.writeString(
        dir.resolve("check.c"),
        """
        #include "uart16550_regs.h"
        #include "dma_controller_regs.h"
        _Static_assert(UART_LCR_DLAB == 0x80, "DLAB");
        _Static_assert(UART_LSR_BRK_ERROR_BITS == 0x1E, "BRK_ERROR_BITS");
        _Static_assert(UART_MSR_ANY_DELTA == 0x0F, "ANY_DELTA");
        _Static_assert(DMACONTROLLER_CH(2) + DMACONTROLLER_CH_CFG == 0x198, "CH[2].CFG");
        _Static_assert(DMACONTROLLER_SCRATCH(3) == 0x2c, "SCRATCH[3]");
        _Static_assert(DMACONTROLLER_CH_CFG_DIRECTION_DEV_TO_MEM == 0x2, "DEV_TO_MEM");
        int main(void) { return 0; }
        """);
    Process cc;
    try {
      cc =
          new ProcessBuilder("cc", "-std=c11", "-Wall", "-Werror", "-fsyntax-only", "check.c")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      throw new AssertionError("this test needs a C compiler on PATH as 'cc' (apt install gcc)", e);
    }
    String output = new String(cc.getInputStream().readAllBytes());
    assertEquals(0, cc.waitFor(), output);
  }

  @Test
  void macroNamesThatWouldCollideAreReportedWithBothOwners() {
    var result =
        new Compiler((f, per, at, d) -> java.util.List.of())
            .compile(
                "c.reg",
                "device D { size 0x20;\n  block CH[2] @ 0 += 8 { reg NUM @ 0 : rw; }\n}\n",
                java.nio.file.Path.of("/"));
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            corral.regdsl.lang.DescriptionException.class,
            () ->
                new CHeaderGenerator("c.reg", result.enums())
                    .generate(result.devices().getFirst()));
    assertEquals(
        "c.reg:2:26: error: C macro D_CH_NUM would be defined twice: for the element count of"
            + " block CH and for the offset of register CH.NUM",
        e.getMessage());
  }
}
