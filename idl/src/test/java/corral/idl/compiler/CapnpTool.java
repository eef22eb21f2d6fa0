package corral.idl.compiler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;
import org.capnproto.SerializePacked;

/**
 * The reference {@code capnp} tool, run as a real process: the oracle of the conformance tests.
 * Every call names a schema file under {@code src/test/capnp} and a root struct type.
 */
final class CapnpTool {
  private CapnpTool() {}

  /** The idl module's directory (surefire runs in it; the build also passes it explicitly). */
  static final Path MODULE = Path.of(System.getProperty("corral.idl.basedir", "")).toAbsolutePath();

  static final Path TEST_SCHEMAS = MODULE.resolve("src/test/capnp");

  /** Where {@code capnp/java.capnp} lives, for {@code import "/capnp/java.capnp"}. */
  static final Path JAVA_CAPNP_DIR = MODULE.resolve("src/main/capnp");

  /**
   * Runs {@code capnp convert FROM:TO [options] SCHEMA TYPE} with {@code input} on standard input.
   *
   * @throws AssertionError with capnp's message when it fails
   */
  static byte[] convert(
      String fromTo, byte[] input, String schema, String type, String... options) {
    List<String> command = new ArrayList<>(List.of("capnp", "convert", fromTo));
    command.addAll(List.of(options));
    command.add("-I" + JAVA_CAPNP_DIR);
    command.add(TEST_SCHEMAS.resolve(schema).toString());
    command.add(type);
    return run(command, input);
  }

  /** Text to bytes, for {@link #convert} of text input. */
  static byte[] convertText(
      String fromTo, String text, String schema, String type, String... options) {
    return convert(fromTo, text.getBytes(StandardCharsets.UTF_8), schema, type, options);
  }

  /** {@code capnp eval -oFORMAT SCHEMA NAME}: the value of a constant or a field default. */
  static byte[] eval(String format, String schema, String name) {
    return run(
        List.of(
            "capnp",
            "eval",
            "-o" + format,
            "-I" + JAVA_CAPNP_DIR,
            TEST_SCHEMAS.resolve(schema).toString(),
            name),
        new byte[0]);
  }

  static byte[] run(List<String> command, byte[] input) {
    try {
      Process process = new ProcessBuilder(command).start();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread drain =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      process.getErrorStream().transferTo(err);
                    } catch (IOException ignored) {
                      // the exit status tells
                    }
                  });
      Thread feed =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var in = process.getOutputStream()) {
                      in.write(input);
                    } catch (IOException ignored) {
                      // capnp exited early; its status and message tell why
                    }
                  });
      byte[] out = process.getInputStream().readAllBytes();
      int status = process.waitFor();
      feed.join();
      drain.join();
      if (status != 0) {
        throw new AssertionError(
            String.join(" ", command)
                + " exited with "
                + status
                + ":\n"
                + err.toString(StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /** The message in the standard (segment table) framing. */
  static byte[] serialize(MessageBuilder message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Serialize.write(Channels.newChannel(out), message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static final ReaderOptions OPTIONS = new ReaderOptions(1L << 40, 64);

  static MessageReader read(byte[] binary) {
    try {
      return Serialize.read(ByteBuffer.wrap(binary), OPTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MessageReader readPacked(byte[] packed) {
    try {
      return SerializePacked.readFromUnbuffered(
          Channels.newChannel(new ByteArrayInputStream(packed)), OPTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A canonical (single segment, no segment table) message as a reader. */
  static MessageReader readFlat(byte[] flat) {
    ByteBuffer segment = ByteBuffer.wrap(flat).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return new MessageReader(new ByteBuffer[] {segment}, OPTIONS);
  }

  /** How a message reaches the Java reader in a read test. */
  enum Encoding {
    /** One segment, standard framing. */
    BINARY("text:binary"),
    /** One word per segment: every pointer to another object is a far pointer. */
    MULTI_SEGMENT("text:binary", "--segment-size=1"),
    /** Packed framing. */
    PACKED("text:packed");

    final String conversion;
    final String[] options;

    Encoding(String conversion, String... options) {
      this.conversion = conversion;
      this.options = options;
    }

    MessageReader encode(String text, String schema, String type) {
      byte[] bytes = convertText(conversion, text, schema, type, options);
      return this == PACKED ? readPacked(bytes) : read(bytes);
    }
  }
}
