package corral.idl.reflect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Serialize;

/**
 * Runs the reference {@code capnp} tool on the reflection test schemas: {@link #SCHEMA} unless a
 * call names another.
 */
final class Capnp {
  /** Tests run in the idl module's directory. */
  static final Path IMPORTS = Path.of("src/main/capnp");

  static final Path SCHEMA = Path.of("src/test/capnp/reflect/everything.capnp");

  static final Path GENERICS = Path.of("src/test/capnp/reflect/generics.capnp");

  /** The conformance suite of the generator, whose Generics struct uses Box(T), Pair and Tree. */
  static final Path CONFORMANCE = Path.of("src/test/capnp/conformance.capnp");

  private Capnp() {}

  /** What a run of capnp produced. */
  record Result(int status, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  static Result run(byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("capnp");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      Thread feeder =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (OutputStream in = process.getOutputStream()) {
                      in.write(stdin);
                    } catch (IOException ignored) {
                      // capnp stopped reading; its status tells why
                    }
                  });
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread drain =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      process.getErrorStream().transferTo(err);
                    } catch (IOException ignored) {
                      // the status tells
                    }
                  });
      byte[] out = process.getInputStream().readAllBytes();
      int status = process.waitFor();
      feeder.join();
      drain.join();
      return new Result(status, out, err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run capnp (install it: apt-get install capnproto)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static byte[] runOk(byte[] stdin, String... args) {
    Result r = run(stdin, args);
    if (r.status() != 0) {
      throw new AssertionError("capnp " + String.join(" ", args) + " failed:\n" + r.stderr());
    }
    return r.stdout();
  }

  /** The CodeGeneratorRequest for the test schema, as {@code capnp compile -o-} writes it. */
  static byte[] request() {
    return request(SCHEMA);
  }

  static byte[] request(Path schema) {
    return runOk(new byte[0], "compile", "-o-", "-I" + IMPORTS, schema.toString());
  }

  static SchemaRegistry registry() {
    return new SchemaRegistry().addRequest(request());
  }

  /** A registry holding the nodes of each schema file (and of what they import). */
  static SchemaRegistry registry(Path... schemas) {
    SchemaRegistry registry = new SchemaRegistry();
    for (Path schema : schemas) {
      registry.addRequest(request(schema));
    }
    return registry;
  }

  static Result convert(String conversion, String type, byte[] input, String... options) {
    return convert(SCHEMA, conversion, type, input, options);
  }

  static Result convert(
      Path schema, String conversion, String type, byte[] input, String... options) {
    List<String> args = new ArrayList<>(List.of("convert", conversion));
    args.addAll(List.of(options));
    args.add("-I" + IMPORTS);
    args.add(schema.toString());
    args.add(type);
    return run(input, args.toArray(String[]::new));
  }

  static byte[] textToBinary(String type, String text) {
    return textToBinary(SCHEMA, type, text);
  }

  static byte[] textToBinary(Path schema, String type, String text) {
    Result r = convert(schema, "text:binary", type, text.getBytes(StandardCharsets.UTF_8));
    if (r.status() != 0) {
      throw new AssertionError("capnp rejected " + text + ":\n" + r.stderr());
    }
    return r.stdout();
  }

  /** {@code capnp convert binary:text}, without the final newline. */
  static String binaryToText(String type, byte[] binary, boolean shortForm) {
    return binaryToText(SCHEMA, type, binary, shortForm);
  }

  static String binaryToText(Path schema, String type, byte[] binary, boolean shortForm) {
    Result r =
        shortForm
            ? convert(schema, "binary:text", type, binary, "--short")
            : convert(schema, "binary:text", type, binary);
    if (r.status() != 0) {
      throw new AssertionError("capnp could not print the message:\n" + r.stderr());
    }
    String text = r.text();
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** {@code capnp convert binary:canonical}: equal bytes here mean equal messages. */
  static byte[] canonical(Path schema, String type, byte[] binary) {
    Result r = convert(schema, "binary:canonical", type, binary);
    if (r.status() != 0) {
      throw new AssertionError("capnp cannot read the message:\n" + r.stderr());
    }
    return r.stdout();
  }

  static MessageReader read(byte[] binary) {
    try {
      return Serialize.read(ByteBuffer.wrap(binary));
    } catch (IOException e) {
      throw new AssertionError("not a message", e);
    }
  }

  static byte[] write(MessageBuilder message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Serialize.write(Channels.newChannel(out), message);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
