package corral.regdsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.regdsl.lang.Compiler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MarkdownGeneratorTest {

  private static String doc(String file) throws Exception {
    Compiler.Result result = Examples.compile(file);
    return new MarkdownGenerator(file, result.enums()).generate(result.devices().getFirst());
  }

  @Test
  void theUartRegisterMapMatchesItsGoldenFile() throws Exception {
    String actual = doc("uart16550.reg");
    assertEquals(Examples.golden("Uart16550.md.golden", actual), actual);
  }

  @Test
  void theDmaRegisterMapMatchesItsGoldenFile() throws Exception {
    String actual = doc("dma.reg");
    assertEquals(Examples.golden("DmaController.md.golden", actual), actual);
  }
}
