package corral.regdsl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The goal with its parameters set as Maven would inject them, on a real MavenProject. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegcMojoTest {

  private final RecordingLog log = new RecordingLog();

  private RegcMojo mojo(Path base, MavenProject project) throws Exception {
    var mojo = new RegcMojo();
    mojo.setLog(log);
    set(mojo, "sourceDirectory", base.resolve("src/main/regdsl").toFile());
    set(mojo, "javaDirectory", base.resolve("target/generated-sources/regdsl").toFile());
    set(mojo, "packageName", "demo.devices");
    set(mojo, "cDirectory", base.resolve("target/c").toFile());
    set(mojo, "docDirectory", base.resolve("target/doc").toFile());
    set(mojo, "project", project);
    return mojo;
  }

  private static void set(Object target, String name, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(target, value);
  }

  @Test
  void theGoalCompilesEveryDescriptionAndAddsTheJavaSourceRoot(@TempDir Path base)
      throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(
        src.resolve("timer.reg"),
        "device Timer { width u32; size 8; reg COUNT @ 0 : ro volatile; reg LOAD @ 4 : rw; }\n");
    var project = new MavenProject();
    mojo(base, project).execute();
    assertTrue(
        Files.isRegularFile(
            base.resolve("target/generated-sources/regdsl/demo/devices/Timer.java")));
    assertTrue(Files.isRegularFile(base.resolve("target/c/timer_regs.h")));
    assertTrue(Files.isRegularFile(base.resolve("target/doc/Timer.md")));
    assertTrue(
        project
            .getCompileSourceRoots()
            .contains(base.resolve("target/generated-sources/regdsl").toFile().getPath()));
  }

  @Test
  void aBrokenDescriptionFailsTheBuildWithTheCompilerMessage(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("bad.reg"), "device T { size 2; reg A @ 1 : u16 rw; }\n");
    var e =
        assertThrows(MojoFailureException.class, () -> mojo(base, new MavenProject()).execute());
    assertEquals(
        src.resolve("bad.reg")
            + ":1:28: error: register 'A' at offset 0x1 is not aligned to its width (2 bytes)",
        e.getMessage().lines().findFirst().orElseThrow());
    assertTrue(Files.notExists(base.resolve("target")));
  }

  @Test
  void withoutDescriptionsTheGoalDoesNothing(@TempDir Path base) throws Exception {
    mojo(base, new MavenProject()).execute();
    assertTrue(Files.notExists(base.resolve("target")));
  }

  private static final String TIMER =
      "device Timer { width u32; size 8; reg COUNT @ 0 : ro volatile; reg LOAD @ 4 : rw; }\n";
  private static final String WATCHDOG = "device Watchdog { size 4; reg KICK @ 0 : wo; }\n";

  /** Every file under {@code dir} except nested classes, relative to it, in order. */
  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .filter(n -> !n.contains("$"))
          .sorted()
          .toList();
    }
  }

  @Test
  void theOutputsOfADeletedDescriptionAreDeletedByTheNextRun(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    Files.writeString(src.resolve("watchdog.reg"), WATCHDOG);
    mojo(base, new MavenProject()).execute();
    Files.delete(src.resolve("watchdog.reg"));
    mojo(base, new MavenProject()).execute();
    assertEquals("info: regc: compiled 1 register description(s)", log.lines().getLast());
    assertEquals(
        List.of(
            "c/timer_regs.h", "doc/Timer.md", "generated-sources/regdsl/demo/devices/Timer.java"),
        files(base.resolve("target")));
  }

  @Test
  void deletingTheLastDescriptionDeletesEveryOutput(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    mojo(base, new MavenProject()).execute();
    Files.delete(src.resolve("timer.reg"));
    Files.delete(src);
    var project = new MavenProject();
    mojo(base, project).execute();
    assertEquals("info: no register descriptions in " + src, log.lines().getLast());
    assertEquals(List.of(), files(base.resolve("target")));
    assertEquals(List.of(), project.getCompileSourceRoots());
  }

  @Test
  void aChangedPackageNameLeavesNoClassInTheOldPackage(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    mojo(base, new MavenProject()).execute();
    var renamed = mojo(base, new MavenProject());
    set(renamed, "packageName", "demo.timers");
    renamed.execute();
    Path java = base.resolve("target/generated-sources/regdsl");
    assertEquals(List.of("demo/timers/Timer.java"), files(java));
    assertTrue(Files.notExists(java.resolve("demo/devices")), "the old package's directory");
  }

  @Test
  void anUnchangedOutputKeepsItsTimeStamp(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    mojo(base, new MavenProject()).execute();
    Path java = base.resolve("target/generated-sources/regdsl/demo/devices/Timer.java");
    var old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(java, old);
    mojo(base, new MavenProject()).execute();
    assertEquals(old, Files.getLastModifiedTime(java));
  }

  @Test
  void aPackageNameThatIsNotAJavaNameFailsTheBuild(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    var mojo = mojo(base, new MavenProject());
    set(mojo, "packageName", "1bad.pkg");
    var e = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "packageName '1bad.pkg' is not a Java package name: '1bad' is not a Java identifier",
        e.getMessage());
    assertTrue(Files.notExists(base.resolve("target")));
  }

  @Test
  void anOutputDirectoryHoldingTheDescriptionsIsRefused(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("timer.reg"), TIMER);
    var mojo = mojo(base, new MavenProject());
    set(mojo, "docDirectory", base.resolve("src").toFile());
    var e = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "docDirectory "
            + base.resolve("src")
            + " holds the sourceDirectory ("
            + src
            + "), but the goal deletes every file there that it did not generate; give it a"
            + " directory of its own under target/",
        e.getMessage());
    assertEquals(List.of("main/regdsl/timer.reg"), files(base.resolve("src")));
  }

  @Test
  void twoDescriptionsGeneratingOneClassFailTheBuild(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.writeString(src.resolve("a.reg"), TIMER);
    Files.writeString(src.resolve("b.reg"), TIMER);
    var e =
        assertThrows(MojoFailureException.class, () -> mojo(base, new MavenProject()).execute());
    assertEquals(
        src.resolve("b.reg")
            + " and "
            + src.resolve("a.reg")
            + " both generate "
            + base.resolve("target/generated-sources/regdsl/demo/devices/Timer.java")
            + "; rename a device",
        e.getMessage());
    assertTrue(Files.notExists(base.resolve("target")));
  }

  @Test
  void aDirectoryWhoseNameEndsInRegIsNotADescription(@TempDir Path base) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/regdsl"));
    Files.createDirectories(src.resolve("vendor.reg"));
    Files.writeString(src.resolve("vendor.reg/timer.reg"), TIMER);
    mojo(base, new MavenProject()).execute();
    assertEquals(
        List.of(
            "c/timer_regs.h", "doc/Timer.md", "generated-sources/regdsl/demo/devices/Timer.java"),
        files(base.resolve("target")));
  }
}
