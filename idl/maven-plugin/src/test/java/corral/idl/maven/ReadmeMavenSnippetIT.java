package corral.idl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.testing.OutsideBuild;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own Maven project, outside the reactor, built from idl/README.md's Maven snippets as
 * written (read from the README, so the two cannot drift apart): the goal compiles a struct schema
 * and code using it runs.
 *
 * <p>Corral's artifacts (the parent pom, {@code corral-idl}, this plugin) are installed into a
 * private local repository in the test's temporary directory; everything else comes read-only from
 * the shared one ({@code -Dmaven.repo.local.tail}, Maven 3.9); what neither holds (plugins at
 * Maven's default versions) Maven fetches from Maven Central into the private one. Nothing is
 * installed into {@code ~/.m2}. Runs in {@code integration-test}, after this module is packaged.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReadmeMavenSnippetIT {
  private static final Path ROOT = Readme.IDL.getParent();
  private static final String VERSION = System.getProperty("corral.version");

  @Test
  void aProjectBuiltFromTheReadmeSnippetsCompilesItsSchemaAndRuns(@TempDir Path tmp)
      throws Exception {
    OutsideBuild build =
        new OutsideBuild(ROOT, tmp.resolve("repository"), VERSION)
            .install("corral-idl", "idl", true)
            .install("corral-capnp-maven-plugin", "idl/maven-plugin", true);

    List<String> snippets = Readme.codeBlocks("## Maven");
    Path project = tmp.resolve("user-project");
    write(
        project.resolve("pom.xml"),
        OutsideBuild.userPom("user-project", snippets.get(0), snippets.get(1)));
    write(
        project.resolve("src/main/capnp/disk.capnp"),
        """
        @0xc1d2e3f4a5b6c7d8;
        using Java = import "/capnp/java.capnp";
        $Java.package("user.disk");

        struct Sector {
          index @0 :UInt64;
          bytes @1 :Data;
          state @2 :State = dirty;
          enum State { clean @0; dirty @1; }
        }
        """);
    write(
        project.resolve("src/main/java/user/Main.java"),
        """
        package user;

        import org.capnproto.MessageBuilder;
        import user.disk.Disk.Sector;

        public final class Main {
          public static void main(String[] args) {
            MessageBuilder message = new MessageBuilder();
            Sector.Builder sector = message.initRoot(Sector.factory);
            sector.setIndex(8191);
            sector.setBytes(new byte[] {1, 2, 3});
            Sector.Reader read = sector.asReader();
            System.out.println(
                "sector " + read.getIndex() + ", " + read.getBytes().size() + " bytes, "
                    + read.getState());
          }
        }
        """);

    build.maven(project, "package");

    String runtime =
        Path.of(MessageBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Result main =
        run(
            project,
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                project.resolve("target/classes") + File.pathSeparator + runtime,
                "user.Main"));
    assertEquals(0, main.status(), main.output());
    assertEquals("sector 8191, 3 bytes, DIRTY\n", main.output());
  }

  private record Result(int status, String output) {}

  private static Result run(Path dir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    return new Result(p.exitValue(), output);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
