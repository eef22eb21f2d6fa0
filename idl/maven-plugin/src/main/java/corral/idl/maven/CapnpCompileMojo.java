package corral.idl.maven;

import corral.idl.compiler.SchemaCompileException;
import corral.idl.compiler.SchemaCompiler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles the module's Cap'n Proto schemas ({@code src/main/capnp/**}{@code /*.capnp}) to Java in
 * {@code target/generated-sources/capnp} and adds that folder to the compile sources, the
 * convention users know from protobuf. See {@link SchemaCompiler} for how; a schema that {@code
 * capnp} rejects fails the build with {@code capnp}'s own file:line message.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class CapnpCompileMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Where the schemas are. */
  @Parameter(defaultValue = "${project.basedir}/src/main/capnp")
  protected File sourceDirectory;

  /** Where the Java goes. */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/capnp")
  protected File outputDirectory;

  /** Extra directories searched by {@code import "/..."}. */
  @Parameter protected List<File> importPaths = new ArrayList<>();

  /**
   * Schemas shipped with Cap'n Proto to compile as well, named as imported (e.g. {@code
   * capnp/rpc.capnp}); their Java goes in package {@code corral.capnp}.
   */
  @Parameter protected List<String> standardSchemas = new ArrayList<>();

  /** The schema compiler. */
  @Parameter(property = "capnp.executable", defaultValue = "capnp")
  protected String capnpExecutable;

  /**
   * Whether interfaces get RPC code: typed client stubs, server skeletons, pipelines and typed
   * capability fields, which need {@code corral-runtime} on the classpath. Off: interface metadata
   * only.
   */
  @Parameter(property = "capnp.rpc", defaultValue = "true")
  protected boolean rpc;

  /** Skip the goal. */
  @Parameter(property = "capnp.skip", defaultValue = "false")
  protected boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      return;
    }
    Path src = sourceDirectory.toPath();
    Path out = outputDirectory.toPath();
    Path stamp = out.resolve(".capnp-stamp");
    String mode = "rpc=" + rpc;
    if (upToDate(src, stamp, mode)) {
      getLog().info("capnp: schemas up to date in " + out);
    } else {
      try {
        SchemaCompiler compiler =
            new SchemaCompiler(
                capnpExecutable,
                importPaths.stream().map(File::toPath).toList(),
                Path.of(project.getBuild().getDirectory(), "capnp-include"),
                rpc);
        List<String> written = compiler.compileTree(src, standardSchemas, out);
        Files.createDirectories(out);
        Files.writeString(stamp, mode + "\n" + String.join("\n", written));
        getLog().info("capnp: " + written.size() + " Java file(s) in " + out);
      } catch (SchemaCompileException e) {
        throw new MojoFailureException(e.getMessage());
      } catch (IOException e) {
        throw new MojoExecutionException("cannot write " + stamp, e);
      }
    }
    addSourceRoot(out.toString());
  }

  protected void addSourceRoot(String dir) {
    project.addCompileSourceRoot(dir);
  }

  /**
   * Whether the stamp was written in the same mode, after the generator was built, and after every
   * schema under {@code src} last changed.
   */
  private static boolean upToDate(Path src, Path stamp, String mode) {
    if (!Files.exists(stamp)) {
      return false;
    }
    try (Stream<Path> files = Files.exists(src) ? Files.walk(src) : Stream.empty()) {
      if (!Files.readAllLines(stamp).stream().findFirst().orElse("").equals(mode)) {
        return false;
      }
      long made = Files.getLastModifiedTime(stamp).toMillis();
      if (generatorBuilt() >= made) {
        return false;
      }
      return files
          .filter(p -> p.toString().endsWith(".capnp"))
          .allMatch(
              p -> {
                try {
                  return Files.getLastModifiedTime(p).toMillis() < made;
                } catch (IOException e) {
                  return false;
                }
              });
    } catch (IOException e) {
      return false;
    }
  }

  /** When the generator's jar (or classes folder) was last written; 0 when unknown. */
  private static long generatorBuilt() {
    try {
      Path code =
          Path.of(SchemaCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.getLastModifiedTime(code).toMillis();
    } catch (Exception e) {
      return 0;
    }
  }
}
