package corral.idl.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The test-scope twin of {@code capnp:compile}: {@code src/test/capnp} to {@code
 * target/generated-test-sources/capnp}, added to the test compile sources.
 */
@Mojo(name = "testCompile", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class CapnpTestCompileMojo extends CapnpCompileMojo {

  @Parameter(defaultValue = "${project.basedir}/src/test/capnp")
  private File testSourceDirectory;

  @Parameter(defaultValue = "${project.build.directory}/generated-test-sources/capnp")
  private File testOutputDirectory;

  @Override
  public void execute()
      throws org.apache.maven.plugin.MojoExecutionException,
          org.apache.maven.plugin.MojoFailureException {
    sourceDirectory = testSourceDirectory;
    outputDirectory = testOutputDirectory;
    super.execute();
  }

  @Override
  protected void addSourceRoot(String dir) {
    project.addTestCompileSourceRoot(dir);
  }
}
