package corral.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a user's Maven project outside Corral's reactor, as a user who pasted a README's snippet
 * would: with the checkout's Maven wrapper, against a private local repository holding this build's
 * Corral artifacts, so nothing is installed into {@code ~/.m2}.
 *
 * <pre>
 *   private repository (a test's temporary folder)      shared ~/.m2/repository
 *     corral/corral/VERSION/           parent pom          read-only tail (Maven 3.9
 *     corral/corral-idl/VERSION/       pom + jar           maven.repo.local.tail);
 *     ...                                                  what neither holds comes
 *                                                          from Maven Central into
 *                                                          the private one
 * </pre>
 *
 * <p>Artifacts are laid out by copying, as {@code install:install-file} would lay them out, which
 * costs nothing next to a Maven run per artifact. Not thread-safe: one test uses one.
 */
public final class OutsideBuild {
  private static final long MAVEN_SECONDS = 240;

  private final Path root;
  private final Path repository;
  private final String version;

  /**
   * A build for the checkout at {@code root} (where {@code mvnw} and the root {@code pom.xml} are),
   * installing Corral's artifacts of {@code version} into {@code repository}. The parent pom is
   * installed at once.
   */
  public OutsideBuild(Path root, Path repository, String version) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.repository = repository;
    this.version = version;
    copy("corral", "", null);
  }

  /** The user's pom: {@code dependencies} and {@code plugins} as pasted, release 25, UTF-8. */
  public static String userPom(String artifactId, String dependencies, String plugins) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>user</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>25</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
        %s  </dependencies>
          <build>
            <plugins>
        %s    </plugins>
          </build>
        </project>
        """
        .formatted(artifactId, dependencies, plugins);
  }

  /**
   * Installs the module in folder {@code module} of the checkout ({@code ""} for the root): its
   * {@code pom.xml} as artifact {@code artifactId}, and the jar its build packaged in {@code
   * target/} unless {@code jar} is false.
   *
   * @throws AssertionError when the jar is missing (the module was not packaged first)
   */
  public OutsideBuild install(String artifactId, String module, boolean jar) throws IOException {
    Path dir = root.resolve(module);
    Path packaged = dir.resolve("target").resolve(artifactId + "-" + version + ".jar");
    if (jar && !Files.exists(packaged)) {
      throw new AssertionError(packaged + " is missing: package " + module + " first");
    }
    return copy(artifactId, module, jar ? packaged : null);
  }

  private OutsideBuild copy(String artifactId, String module, Path jar) throws IOException {
    Path dir = repository.resolve("corral").resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    Files.copy(
        root.resolve(module).resolve("pom.xml"), dir.resolve(artifactId + "-" + version + ".pom"));
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
    }
    return this;
  }

  /**
   * Runs {@code mvnw -B -q ARGS} in {@code project} on the private repository and returns what it
   * printed.
   *
   * @throws AssertionError when Maven fails or does not finish in 240 s, with what it printed
   */
  public String maven(Path project, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q"));
    command.add("-Dmaven.repo.local=" + repository);
    command.add(
        "-Dmaven.repo.local.tail=" + Path.of(System.getProperty("user.home"), ".m2/repository"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(repository, "maven", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_PROJECTBASEDIR");
    Process p = pb.start();
    if (!p.waitFor(MAVEN_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "mvn " + String.join(" ", args) + " did not finish in " + MAVEN_SECONDS + " s");
    }
    String output = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "mvn " + String.join(" ", args) + " failed in " + project + ":\n" + output);
    }
    return output;
  }
}
