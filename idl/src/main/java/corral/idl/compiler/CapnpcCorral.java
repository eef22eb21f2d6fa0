package corral.idl.compiler;

import corral.capnp.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * The {@code capnp} plugin entry point: reads a CodeGeneratorRequest from standard input and writes
 * one {@code .java} file per requested schema file under the current directory (capnp runs a plugin
 * in its output directory), or under the directory given as the only argument.
 *
 * <p>Interfaces get RPC code (client stubs, server skeletons; the output needs {@code
 * corral-runtime}) unless the environment sets {@code CAPNPC_CORRAL_RPC=0}, which keeps them to
 * metadata.
 *
 * <p>Exit status 0 on success and for {@code --help}; 1 with a message on standard error when the
 * schema uses something the generator cannot translate (nothing is written then); 2 for a usage
 * error: an unknown option, or standard input that is a terminal (a request comes from {@code
 * capnp}, never from a person typing).
 */
public final class CapnpcCorral {
  private CapnpcCorral() {}

  static final String USAGE =
      """
      usage: capnp compile -I<dir with capnp/java.capnp> -o<path to capnpc-corral>:OUTDIR SCHEMA...

      capnpc-corral is a Cap'n Proto code generator plugin: capnp runs it with a
      CodeGeneratorRequest on standard input and it writes one .java file per schema
      under OUTDIR. CAPNPC_CORRAL_RPC=0 generates interface metadata only (no client
      stubs or servers, so the output needs no corral-runtime).
      """;

  public static void main(String[] args) {
    System.exit(run(args, System.in, standardInputIsATerminal(), System.out, System.err));
  }

  /** Whether standard input is a terminal (on Linux even when standard output is not). */
  private static boolean standardInputIsATerminal() {
    try {
      String in = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return in.startsWith("/dev/pts/") || in.startsWith("/dev/tty");
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the console
    }
    return System.console() != null && System.console().isTerminal();
  }

  /**
   * Runs the plugin.
   *
   * @param in where the request comes from
   * @param interactive whether {@code in} is a terminal
   * @return the exit status
   */
  static int run(
      String[] args, InputStream in, boolean interactive, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(USAGE);
      return 0;
    }
    if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
      err.println("capnpc-corral: unexpected arguments " + List.of(args));
      err.print(USAGE);
      return 2;
    }
    if (interactive) {
      err.println(
          "capnpc-corral: standard input is a terminal, but this plugin reads a binary"
              + " CodeGeneratorRequest from capnp.");
      err.print(USAGE);
      return 2;
    }
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    try {
      MessageReader message =
          Serialize.read(Channels.newChannel(in), new ReaderOptions(Long.MAX_VALUE / 16, 64));
      Schema.CodeGeneratorRequest.Reader request =
          message.getRoot(Schema.CodeGeneratorRequest.factory);
      boolean rpc = !"0".equals(System.getenv("CAPNPC_CORRAL_RPC"));
      List<JavaGenerator.GeneratedFile> files = new JavaGenerator(request, rpc).generate();
      for (JavaGenerator.GeneratedFile file : files) {
        Path path = dir.resolve(file.path());
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, file.content(), StandardCharsets.UTF_8);
      }
      return 0;
    } catch (UnsupportedSchemaException e) {
      err.println("capnpc-corral: " + e.locatedUnder(capnpDirectory()).getMessage());
      return 1;
    } catch (IOException e) {
      err.println("capnpc-corral: cannot read the request or write output: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The directory capnp was run in, against which it names schema files (it runs a plugin in the
   * output directory): that of the parent process on Linux, else the current one.
   */
  private static Path capnpDirectory() {
    try {
      Optional<ProcessHandle> capnp = ProcessHandle.current().parent();
      if (capnp.isPresent()) {
        return Path.of("/proc", Long.toString(capnp.get().pid()), "cwd").toRealPath();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the parent is gone: files are then looked up from here
    }
    return Path.of(".");
  }
}
