package corral.regdsl.maven;

import corral.regdsl.gen.JavaGenerator;
import corral.regdsl.gen.Outputs;
import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.DescriptionException;
import corral.regdsl.lang.Diagnostic;
import corral.regdsl.svd.SvdImporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * messages, and nothing is written.
 *
 * <p>The three output directories belong to the goal, as protoc's Maven plugins own theirs: each
 * run regenerates everything and deletes every other file in them, so the Java of a deleted
 * description, or of the package before {@code packageName} changed, is not compiled any more. A
 * file whose text did not change keeps its time stamp, so incremental compilation sees no change.
 * An output directory that holds the descriptions or the project is refused.
 */
@Mojo(name = "regc", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class RegcMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project.basedir}/src/main/regdsl")
  private File sourceDirectory;

  /** Where Java sources go (added to the compile sources); owned by the goal. */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/regdsl")
  private File javaDirectory;

  /** Java package of the generated classes. */
  @Parameter(required = true)
  private String packageName;

  /** Where C headers go; owned by the goal. */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/regdsl-c")
  private File cDirectory;

  /** Where Markdown register maps go; owned by the goal. */
  @Parameter(defaultValue = "${project.build.directory}/generated-docs/regdsl")
  private File docDirectory;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    var problem = JavaGenerator.packageNameProblem(packageName);
    if (problem.isPresent()) {
      throw new MojoFailureException("packageName " + problem.get());
    }
    var outputs =
        new Outputs(
            javaDirectory.toPath(),
            packageName,
            cDirectory == null ? null : cDirectory.toPath(),
            docDirectory == null ? null : docDirectory.toPath());
    refuseOutputsHoldingSources(outputs);
    List<Path> files = List.of();
    if (sourceDirectory.isDirectory()) {
      try (Stream<Path> all = Files.walk(sourceDirectory.toPath())) {
        files =
            all.filter(p -> p.toString().endsWith(".reg") && Files.isRegularFile(p))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new MojoExecutionException("cannot list " + sourceDirectory, e);
      }
    } else {
      getLog().info("no register descriptions in " + sourceDirectory);
    }
    // compile every description before writing anything: one broken file leaves no output
    var generated = new ArrayList<Outputs.GeneratedFile>();
    var from = new HashMap<Path, Path>();
    for (Path file : files) {
      Compiler.Result result;
      try {
        result = new Compiler(new SvdImporter()).compile(file);
      } catch (DescriptionException e) {
        throw new MojoFailureException(e.getMessage(), e);
      } catch (IOException e) {
        throw new MojoExecutionException("cannot compile " + file + ": " + e.getMessage(), e);
      }
      for (Diagnostic w : result.warnings()) {
        getLog().warn(w.render());
      }
      for (Outputs.GeneratedFile g : outputs.render(result, file.getFileName().toString())) {
        Path prior = from.putIfAbsent(g.path(), file);
        if (prior != null) {
          throw new MojoFailureException(
              file + " and " + prior + " both generate " + g.path() + "; rename a device");
        }
        generated.add(g);
      }
    }
    try {
      // the output directories are the goal's: what this run did not generate goes
      for (Path written : outputs.replaceAll(generated)) {
        getLog().debug("wrote " + written);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write " + e.getMessage(), e);
    }
    if (!files.isEmpty()) {
      getLog().info("regc: compiled " + files.size() + " register description(s)");
      project.addCompileSourceRoot(javaDirectory.getPath());
    }
  }

  /**
   * Refuses an output directory that holds the descriptions or the project: the goal deletes every
   * file in its output directories that it did not generate.
   */
  private void refuseOutputsHoldingSources(Outputs outputs) throws MojoFailureException {
    var dirs = new LinkedHashMap<String, Path>();
    dirs.put("javaDirectory", outputs.javaDir());
    dirs.put("cDirectory", outputs.cDir());
    dirs.put("docDirectory", outputs.docDir());
    var held = new LinkedHashMap<String, Path>();
    held.put("the sourceDirectory", sourceDirectory.toPath());
    if (project.getBasedir() != null) {
      held.put("the project", project.getBasedir().toPath());
    }
    for (var out : dirs.entrySet()) {
      if (out.getValue() == null) {
        continue;
      }
      Path dir = out.getValue().toAbsolutePath().normalize();
      for (var h : held.entrySet()) {
        if (h.getValue().toAbsolutePath().normalize().startsWith(dir)) {
          throw new MojoFailureException(
              out.getKey()
                  + " "
                  + out.getValue()
                  + " holds "
                  + h.getKey()
                  + " ("
                  + h.getValue()
                  + "), but the goal deletes every file there that it did not generate;"
                  + " give it a directory of its own under target/");
        }
      }
    }
  }
}
