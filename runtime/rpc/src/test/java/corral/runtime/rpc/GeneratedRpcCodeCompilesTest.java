package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.compiler.SchemaCompiler;
import corral.runtime.rpc.lint.RpcLint.Base;
import corral.runtime.rpc.lint.RpcLint.Keeper;
import corral.runtime.rpc.lint.RpcLint.Streamer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code generated in rpc mode compiles without a single warning under {@code -Xlint:all -Werror}
 * against this module's classes: the test schemas ({@code rpctest.capnp}: inheritance from two
 * bases, capability fields in structs, groups and lists, a generic interface; {@code
 * lint/rpclint.capnp}: clashing method names, nested types named Client, Server and Pipeline) and
 * the standard {@code rpc.capnp}. The generator runs here rather than in {@code idl}, whose tests
 * cannot see the runtime the output needs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedRpcCodeCompilesTest {

  @Test
  void rpcModeOutputCompilesWithAllLintWarningsAsErrors(@TempDir Path tmp) throws IOException {
    Path src = tmp.resolve("src");
    SchemaCompiler compiler = new SchemaCompiler("capnp", List.of(), tmp.resolve("include"), true);
    compiler.compileTree(Path.of("src/test/capnp"), List.of("capnp/rpc.capnp"), src);
    List<Path> sources;
    try (Stream<Path> files = Files.walk(src)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(sources.size() >= 3, "generated sources: " + sources);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options =
          List.of(
              "-Xlint:all",
              "-Werror",
              "-Xdoclint:all,-missing",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              classes.toString());
      boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      assertTrue(ok, "generated code does not compile cleanly:\n" + diagnostics);
      assertTrue(diagnostics.toString().isBlank(), "javac said:\n" + diagnostics);
    }
  }

  @Test
  void aStreamMethodIsCalledAndAnsweredWithStreamResult() {
    AtomicLong written = new AtomicLong();
    Streamer.Server server =
        new Streamer.Server() {
          @Override
          protected void write(
              Streamer.WriteParams.Reader params,
              corral.capnp.Stream.StreamResult.Builder results) {
            written.addAndGet(params.getData().size());
          }

          @Override
          protected void done(
              Streamer.DoneParams.Reader params, Streamer.DoneResults.Builder results) {
            results.setTotal(written.get());
          }
        };
    try (Streamer.Client streamer = Streamer.Client.of(server)) {
      for (int i = 1; i <= 3; i++) {
        byte[] chunk = new byte[i * 100];
        try (var sent = streamer.write(p -> p.setData(chunk))) {
          sent.join();
        }
      }
      try (var done = streamer.done()) {
        assertEquals(600, done.join().getTotal());
      }
    }
  }

  @Test
  void aGenericParameterBoundToAnInterfaceAndAListOfCapabilitiesCarryTypedClients() {
    Base.Server base =
        new Base.Server() {
          @Override
          protected void ping(Base.PingParams.Reader params, Base.PingResults.Builder results) {
            results.setValue(42);
          }
        };
    Keeper.Server keeper =
        new Keeper.Server() {
          @Override
          protected void keep(Keeper.KeepParams.Reader params, Keeper.KeepResults.Builder results) {
            try (Base.Client kept = params.getCell().getValue()) {
              results.initCell().setValue(kept);
            }
            results.setCount(params.getCaps().size());
          }
        };
    try (Keeper.Client client = Keeper.Client.of(keeper);
        Base.Client local = Base.Client.of(base);
        var kept =
            client.keep(
                p -> {
                  p.initCell().setValue(local);
                  p.initCaps(2).set(0, local);
                });
        var pong = kept.join().getCell().getValue().ping()) {
      assertEquals(2, kept.join().getCount());
      assertEquals(42, pong.join().getValue());
    }
  }
}
