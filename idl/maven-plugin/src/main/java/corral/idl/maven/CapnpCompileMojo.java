package corral.idl.maven;

import corral.idl.compiler.JavaGenerator;
import corral.idl.compiler.SchemaCompileException;
import corral.idl.compiler.SchemaCompiler;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
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
 *
 * <p>The goal owns its output directory: whenever anything that decides the output changes (a
 * schema under the source directory or an import path, added, changed or deleted; a parameter; the
 * generator itself) the directory is emptied and everything is generated again, so no Java of a
 * deleted schema or of an old configuration survives. A fingerprint of all of it, kept in the
 * directory, tells when nothing changed; then nothing is generated. A failed run leaves the
 * directory empty.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class CapnpCompileMojo extends AbstractMojo {
  private static final String FINGERPRINT = ".capnp-fingerprint";
  private static final String FILES = ".capnp-files";
  private static final Pattern JAVA_PACKAGE =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Where the schemas are. */
  @Parameter(defaultValue = "${project.basedir}/src/main/capnp")
  protected File sourceDirectory;

  /**
   * Where the Java goes. The goal owns this directory: inside the build directory it empties it
   * before generating; elsewhere it deletes only the files it generated there before.
   */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/capnp")
  protected File outputDirectory;

  /**
   * Extra directories searched by {@code import "/..."}. One that does not exist is skipped with a
   * warning (so a shared schema folder may be absent from a checkout that does not need it).
   */
  @Parameter protected List<File> importPaths = new ArrayList<>();

  /**
   * Schemas shipped with Cap'n Proto to compile as well, named as imported (e.g. {@code
   * capnp/rpc.capnp}); their Java goes in {@link #standardPackage}.
   */
  @Parameter protected List<String> standardSchemas = new ArrayList<>();

  /**
   * The Java package of the code of the schemas that ship with Cap'n Proto ({@code rpc.capnp},
   * {@code rpc-twoparty.capnp}, {@code persistent.capnp}, ...): where {@link #standardSchemas} are
   * generated and where references to them point. {@code schema.capnp} and {@code stream.capnp},
   * whose code ships in {@code corral-idl}, stay in {@code corral.capnp}.
   */
  @Parameter(property = "capnp.standardPackage", defaultValue = JavaGenerator.STANDARD_PACKAGE)
  protected String standardPackage = JavaGenerator.STANDARD_PACKAGE;

  /** The schema compiler. */
  @Parameter(property = "capnp.executable", defaultValue = "capnp")
  protected String capnpExecutable;

  /**
   * Whether interfaces get RPC code: typed client stubs, server skeletons, pipelines and typed
   * capability fields, which need {@code corral-runtime} on the classpath. Off: interface metadata
   * only.
   */
  @Parameter(property = "capnp.rpc", defaultValue = "true")
  protected boolean rpc = true;

  /** Skip the goal. */
  @Parameter(property = "capnp.skip", defaultValue = "false")
  protected boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      return;
    }
    if (!JAVA_PACKAGE.matcher(standardPackage).matches()) {
      throw new MojoFailureException(
          "standardPackage '" + standardPackage + "' is not a Java package name");
    }
    Path src = sourceDirectory.toPath();
    Path out = outputDirectory.toPath();
    List<Path> imports = new ArrayList<>();
    for (File dir : importPaths) {
      if (dir.isDirectory()) {
        imports.add(dir.toPath());
      } else {
        getLog().warn("capnp: import path " + dir + " does not exist; skipped");
      }
    }
    try {
      String fingerprint = fingerprint(src, imports);
      Path stamp = out.resolve(FINGERPRINT);
      if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(fingerprint)) {
        getLog().info("capnp: schemas up to date in " + out);
      } else {
        Path staging =
            Path.of(
                project.getBuild().getDirectory(),
                "capnp-staging",
                Integer.toHexString(out.toAbsolutePath().normalize().hashCode()));
        deleteTree(staging);
        List<String> written;
        try {
          written = generate(src, imports, staging);
        } catch (MojoFailureException e) {
          clearOutput(out); // no Java of an old configuration or schema survives a failed run
          throw e;
        }
        clearOutput(out);
        Files.createDirectories(out);
        for (String file : written) {
          Path to = out.resolve(file);
          Files.createDirectories(to.getParent());
          Files.move(staging.resolve(file), to, StandardCopyOption.REPLACE_EXISTING);
        }
        deleteTree(staging);
        Files.writeString(out.resolve(FILES), String.join("\n", written) + "\n");
        Files.writeString(stamp, fingerprint);
        getLog().info("capnp: " + written.size() + " Java file(s) in " + out);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("cannot write " + out + ": " + e.getMessage(), e);
    }
    addSourceRoot(out.toString());
  }

  private List<String> generate(Path src, List<Path> imports, Path out)
      throws MojoFailureException, IOException {
    SchemaCompiler compiler =
        new SchemaCompiler(
            capnpExecutable,
            imports,
            Path.of(project.getBuild().getDirectory(), "capnp-include"),
            rpc,
            standardPackage);
    try {
      return compiler.compileTree(src, standardSchemas, out);
    } catch (SchemaCompileException e) {
      deleteTree(out); // nothing half-done: no Java from the schemas compiled before the failure
      throw new MojoFailureException(e.getMessage());
    }
  }

  /**
   * Removes what the goal generated in {@code out}: the whole directory when it lies in the build
   * directory, where nothing else belongs; elsewhere (a user may point it into the sources) only
   * the files its last run recorded.
   */
  private void clearOutput(Path out) throws IOException {
    Path build = Path.of(project.getBuild().getDirectory()).toAbsolutePath().normalize();
    Path dir = out.toAbsolutePath().normalize();
    if (dir.startsWith(build) && !dir.equals(build)) {
      deleteTree(dir);
      return;
    }
    Path list = dir.resolve(FILES);
    if (Files.isRegularFile(list)) {
      for (String file : Files.readAllLines(list)) {
        Path p = dir.resolve(file).normalize();
        if (!file.isBlank() && p.startsWith(dir) && !p.equals(dir)) {
          Files.deleteIfExists(p);
        }
      }
    }
    Files.deleteIfExists(list);
    Files.deleteIfExists(dir.resolve(FINGERPRINT));
  }

  protected void addSourceRoot(String dir) {
    project.addCompileSourceRoot(dir);
  }

  /**
   * Everything the output depends on, as text: the parameters, the generator's build, and the path
   * and content hash of every schema under the source directory and the import paths.
   */
  private String fingerprint(Path src, List<Path> imports) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("capnp ").append(capnpExecutable).append('\n');
    sb.append("rpc ").append(rpc).append('\n');
    sb.append("standardPackage ").append(standardPackage).append('\n');
    standardSchemas.forEach(s -> sb.append("standard ").append(s).append('\n'));
    sb.append("generator ").append(generatorBuild()).append('\n');
    sb.append("source ").append(src.toAbsolutePath()).append('\n');
    schemaHashes(src, sb);
    for (Path dir : imports) {
      sb.append("import ").append(dir.toAbsolutePath()).append('\n');
      schemaHashes(dir, sb);
    }
    return sb.toString();
  }

  private static void schemaHashes(Path dir, StringBuilder sb) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> schemas;
    try (Stream<Path> files = Files.walk(dir)) {
      schemas = files.filter(p -> p.toString().endsWith(".capnp")).sorted().toList();
    }
    for (Path p : schemas) {
      sb.append("  ")
          .append(dir.relativize(p))
          .append(' ')
          .append(sha256(Files.readAllBytes(p)))
          .append('\n');
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * Where the generator's jar (or classes folder, inside Corral's own build) is, and when and how
   * big its files were written.
   */
  private static String generatorBuild() {
    try {
      Path code =
          Path.of(SchemaCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      long newest = 0;
      long bytes = 0;
      try (Stream<Path> files = Files.walk(code)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
          bytes += Files.size(file);
        }
      }
      return code + " " + newest + " " + bytes;
    } catch (Exception e) {
      return "unknown " + System.nanoTime(); // unknown: always regenerate
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
