package corral.regdsl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The goal with its parameters set as Maven would inject them, on a real MavenProject. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegcMojoTest {

  private static RegcMojo mojo(Path base, MavenProject project) throws Exception {
    var mojo = new RegcMojo();
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
}
