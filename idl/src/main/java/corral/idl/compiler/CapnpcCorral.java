package corral.idl.compiler;

import corral.capnp.Schema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * <p>Exit status 0 on success; 1 with a message on standard error when the schema uses something
 * the generator cannot translate (nothing is written then).
 */
public final class CapnpcCorral {
  private CapnpcCorral() {}

  public static void main(String[] args) {
    int status = run(args, System.err);
    System.exit(status);
  }

  static int run(String[] args, PrintStream err) {
    Path out = Path.of(args.length > 0 ? args[0] : ".");
    try {
      MessageReader message =
          Serialize.read(
              Channels.newChannel(System.in), new ReaderOptions(Long.MAX_VALUE / 16, 64));
      Schema.CodeGeneratorRequest.Reader request =
          message.getRoot(Schema.CodeGeneratorRequest.factory);
      boolean rpc = !"0".equals(System.getenv("CAPNPC_CORRAL_RPC"));
      List<JavaGenerator.GeneratedFile> files = new JavaGenerator(request, rpc).generate();
      for (JavaGenerator.GeneratedFile file : files) {
        Path path = out.resolve(file.path());
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, file.content(), StandardCharsets.UTF_8);
      }
      return 0;
    } catch (UnsupportedSchemaException e) {
      err.println("capnpc-corral: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("capnpc-corral: cannot read the request or write output: " + e.getMessage());
      return 1;
    }
  }
}
