package corral.regdsl.maven;

import corral.regdsl.gen.Outputs;
import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.DescriptionException;
import corral.regdsl.lang.Diagnostic;
import corral.regdsl.svd.SvdImporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code regdsl:regc}: compiles every {@code *.reg} file under {@code src/main/regdsl} to Java
 * accessors (added to the compile sources), C headers and Markdown register maps, like {@code
 * corral regc}. A description with errors fails the build with the compiler's file:line:col
 * messages.
 */
@Mojo(name = "regc", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class RegcMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project.basedir}/src/main/regdsl")
  private File sourceDirectory;

  @Parameter(defaultValue = "${project.build.directory}/generated-sources/regdsl")
  private File javaDirectory;

  /** Java package of the generated classes. */
  @Parameter(required = true)
  private String packageName;

  /** Where C headers go; none when not set. */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/regdsl-c")
  private File cDirectory;

  /** Where Markdown register maps go; none when not set. */
  @Parameter(defaultValue = "${project.build.directory}/generated-docs/regdsl")
  private File docDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (!sourceDirectory.isDirectory()) {
      getLog().info("no register descriptions in " + sourceDirectory);
      return;
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(sourceDirectory.toPath())) {
      files = all.filter(p -> p.toString().endsWith(".reg")).sorted().toList();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list " + sourceDirectory, e);
    }
    var outputs =
        new Outputs(
            javaDirectory.toPath(),
            packageName,
            cDirectory == null ? null : cDirectory.toPath(),
            docDirectory == null ? null : docDirectory.toPath());
    // compile every description before writing anything: one broken file leaves no output
    var results = new java.util.LinkedHashMap<Path, Compiler.Result>();
    for (Path file : files) {
      try {
        Compiler.Result result = new Compiler(new SvdImporter()).compile(file);
        for (Diagnostic w : result.warnings()) {
          getLog().warn(w.render());
        }
        results.put(file, result);
      } catch (DescriptionException e) {
        throw new MojoFailureException(e.getMessage(), e);
      } catch (IOException e) {
        throw new MojoExecutionException("cannot compile " + file + ": " + e.getMessage(), e);
      }
    }
    for (var entry : results.entrySet()) {
      try {
        for (Path written :
            outputs.write(entry.getValue(), entry.getKey().getFileName().toString())) {
          getLog().debug("wrote " + written);
        }
      } catch (DescriptionException e) {
        throw new MojoFailureException(e.getMessage(), e);
      } catch (IOException e) {
        throw new MojoExecutionException("cannot write the output of " + entry.getKey(), e);
      }
    }
    getLog().info("regc: compiled " + files.size() + " register description(s)");
    project.addCompileSourceRoot(javaDirectory.getPath());
  }
}
