package corral.regdsl.cli;

import corral.regdsl.gen.JavaGenerator;
import corral.regdsl.gen.Outputs;
import corral.regdsl.lang.Compiler;
import corral.regdsl.lang.DescriptionException;
import corral.regdsl.lang.Diagnostic;
import corral.regdsl.svd.SvdImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code corral regc FILE.reg --java DIR --c DIR --doc DIR}: compiles a register description. The
 * {@code corral} command registers this class as its {@code regc} subcommand; {@link #main} runs it
 * on its own.
 *
 * <p>{@code FILE} is a {@code .reg} description or a CMSIS-SVD file (recognised by its text
 * starting with {@code <}), whose every peripheral is compiled as {@code import svd "FILE";} would.
 *
 * <p>Exit status: 0 when the files were written; 1 when the description has errors (each printed as
 * {@code file:line:col: error: ...} with the source line and a caret) or cannot be read, or an
 * output cannot be written (one line naming the path; nothing is written then); 2 on usage errors,
 * among them a {@code --package} that is not a Java package name.
 */
@Command(
    name = "regc",
    mixinStandardHelpOptions = true,
    description =
        "Compile a register description to Java accessors, a C header and a register map.")
public final class RegcCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "FILE",
      description = "the register description (.reg) or a CMSIS-SVD file, all its peripherals")
  Path file;

  @Option(names = "--java", paramLabel = "DIR", description = "write Java sources under DIR")
  Path javaDir;

  @Option(
      names = "--package",
      paramLabel = "NAME",
      defaultValue = "corral.devices",
      description = "Java package of the generated classes (default: ${DEFAULT-VALUE})")
  String javaPackage;

  @Option(names = "--c", paramLabel = "DIR", description = "write C headers to DIR")
  Path cDir;

  @Option(names = "--doc", paramLabel = "DIR", description = "write Markdown register maps to DIR")
  Path docDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (javaDir == null && cDir == null && docDir == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "nothing to write: give at least one of --java, --c, --doc");
    }
    JavaGenerator.packageNameProblem(javaPackage)
        .ifPresent(
            problem -> {
              throw new CommandLine.ParameterException(spec.commandLine(), "--package " + problem);
            });
    try {
      if (Files.isDirectory(file)) {
        err.println(file + ": is a directory; regc compiles one .reg or CMSIS-SVD file");
        return 1;
      }
      Compiler.Result result;
      try {
        result = new Compiler(new SvdImporter()).compile(file);
      } catch (NoSuchFileException e) {
        err.println(file + ": no such file");
        return 1;
      } catch (IOException e) {
        err.println(file + ": cannot read: " + e.getMessage());
        return 1;
      }
      for (Diagnostic w : result.warnings()) {
        err.println(w.render());
      }
      List<Path> written;
      try {
        written =
            new Outputs(javaDir, javaPackage, cDir, docDir)
                .write(result, file.getFileName().toString());
      } catch (IOException e) {
        err.println("cannot write " + e.getMessage() + "; nothing was written");
        return 1;
      }
      for (Path p : written) {
        out.println("wrote " + p);
      }
      return 0;
    } catch (DescriptionException e) {
      err.println(e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Runs {@code regc} as a program; the exit status is the command's. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new RegcCommand()).execute(args));
  }
}
