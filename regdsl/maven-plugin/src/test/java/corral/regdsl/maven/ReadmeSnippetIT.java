package corral.regdsl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * local repository into which this build's artifacts were installed. Run by failsafe after {@code
 * package}, which made the plugin's jar.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReadmeSnippetIT {
  private static final Path ROOT = Path.of(System.getProperty("corral.root"));

  @TempDir static Path repo;

  /** Runs the checkout's Maven wrapper in {@code dir} on the private repository (what it lacks comes from Maven Central). */
  private static void maven(Path dir, String... args) throws Exception {
    var cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q"));
    cmd.add("-Dmaven.repo.local=" + repo);
    cmd.add(
        "-Dmaven.repo.local.tail=" + Path.of(System.getProperty("user.home"), ".m2/repository"));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(repo, "maven", ".log");
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_PROJECTBASEDIR");
    Process p = pb.start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mvn " + String.join(" ", args) + " did not finish in 240 s");
    }
    assertEquals(
        0,
        p.exitValue(),
        "mvn " + String.join(" ", args) + " in " + dir + ":\n" + Files.readString(log));
  }

  @BeforeAll
  static void installCorralIntoThePrivateRepository() throws Exception {
    Path work = Files.createDirectories(repo.resolve("install"));
    // corral-regdsl as this build resolved it for the goal: the reactor's jar
    Path regdslJar =
        Path.of(
            corral.regdsl.gen.Outputs.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    assertTrue(
        regdslJar.toString().endsWith(".jar"),
        "corral-regdsl is " + regdslJar + ", not a jar: run verify with -am");
    maven(
        work,
        "install:install-file",
        "-Dfile=" + ROOT.resolve("pom.xml"),
        "-DpomFile=" + ROOT.resolve("pom.xml"));
    maven(
        work,
        "install:install-file",
        "-Dfile=" + regdslJar,
        "-DpomFile=" + ROOT.resolve("regdsl/pom.xml"));
    maven(
        work,
        "install:install-file",
        "-Dfile=" + System.getProperty("corral.plugin.jar"),
        "-DpomFile=" + ROOT.resolve("regdsl/maven-plugin/pom.xml"));
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
    maven(project, "compile");
    Path classes = project.resolve("target/classes");
    assertTrue(Files.isRegularFile(classes.resolve("example/UartDriver.class")));
    assertTrue(Files.isRegularFile(classes.resolve("corral/drivers/uart/Uart16550.class")));

    // the UART goes, a timer comes: the UART's Java is neither kept nor compiled
    Files.delete(regdsl.resolve("uart16550.reg"));
    Files.delete(driver.resolve("UartDriver.java"));
    Files.writeString(
        regdsl.resolve("timer.reg"), "device Timer { size 4; reg COUNT @ 0 : ro volatile; }\n");
    maven(project, "compile");
    assertEquals(
        List.of("corral/drivers/uart/Timer.java"),
        RegcMojoTest.files(project.resolve("target/generated-sources/regdsl")));
    assertEquals(List.of("corral/drivers/uart/Timer.class"), RegcMojoTest.files(classes));
  }
}
