package corral.regdsl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.testing.OutsideBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven project outside the reactor, its {@code pom.xml} made of the snippet in regdsl's README
 * (read from the README, so the two cannot drift), built with the real Maven against a private
 * local repository holding this build's artifacts ({@link OutsideBuild}). Run by failsafe after
 * {@code package}, which made the plugin's jar.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReadmeSnippetIT {
  private static final Path ROOT = Path.of(System.getProperty("corral.root"));

  @TempDir static Path repo;
  private static OutsideBuild build;

  @BeforeAll
  static void installCorralIntoThePrivateRepository() throws Exception {
    build =
        new OutsideBuild(ROOT, repo, System.getProperty("corral.version"))
            .install("corral-regdsl", "regdsl", true)
            .install("corral-regdsl-maven-plugin", "regdsl/maven-plugin", true);
  }

  /** The README's {@code xml} block that configures the goal. */
  private static String snippet() throws IOException {
    String readme = Files.readString(ROOT.resolve("regdsl/README.md"));
    var blocks = Pattern.compile("(?s)```xml\n(.*?)```").matcher(readme);
    while (blocks.find()) {
      if (blocks.group(1).contains("corral-regdsl-maven-plugin")) {
        return blocks.group(1);
      }
    }
    throw new AssertionError("regdsl/README.md has no xml block with corral-regdsl-maven-plugin");
  }

  @Test
  void aProjectBuiltFromTheReadmeSnippetCompilesADriverAndDropsADeletedDescription(
      @TempDir Path project) throws Exception {
    Files.writeString(
        project.resolve("pom.xml"),
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>uart-driver</artifactId>
          <version>7.3</version>
        %s</project>
        """
            .formatted(snippet()));
    Path regdsl = Files.createDirectories(project.resolve("src/main/regdsl"));
    Files.copy(
        ROOT.resolve("regdsl/src/main/regdsl/uart16550.reg"), regdsl.resolve("uart16550.reg"));
    Path driver = Files.createDirectories(project.resolve("src/main/java/example"));
    Files.writeString(
        driver.resolve("UartDriver.java"),
        """
        package example;

        import corral.drivers.uart.Uart16550;
        import corral.regdsl.window.RegisterWindow;

        final class UartDriver extends Uart16550 {
          UartDriver(RegisterWindow window) {
            super(window);
          }

          void send(byte b) {
            while (!lsr().take().thrEmpty()) {
              Thread.onSpinWait();
            }
            thr().write(b);
          }
        }
        """);
    build.maven(project, "compile");
    Path classes = project.resolve("target/classes");
    assertTrue(Files.isRegularFile(classes.resolve("example/UartDriver.class")));
    assertTrue(Files.isRegularFile(classes.resolve("corral/drivers/uart/Uart16550.class")));

    // the UART goes, a timer comes: the UART's Java is neither kept nor compiled
    Files.delete(regdsl.resolve("uart16550.reg"));
    Files.delete(driver.resolve("UartDriver.java"));
    Files.writeString(
        regdsl.resolve("timer.reg"), "device Timer { size 4; reg COUNT @ 0 : ro volatile; }\n");
    build.maven(project, "compile");
    assertEquals(
        List.of("corral/drivers/uart/Timer.java"),
        RegcMojoTest.files(project.resolve("target/generated-sources/regdsl")));
    assertEquals(List.of("corral/drivers/uart/Timer.class"), RegcMojoTest.files(classes));
  }
}
