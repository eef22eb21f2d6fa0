package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.idl.compiler.SchemaCompiler;
import corral.idl.reflect.SchemaRegistry;
import corral.idl.reflect.TextFormatException;
import corral.runtime.rpc.dynamic.DynamicClient;
import corral.runtime.rpc.dynamic.DynamicResults;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic calls to the C++ reference server, with the interface's schema compiled from {@code
 * rpctest.capnp} at run time by the real {@code capnp compile -o-} (no generated class involved).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicCallCppServerTest {
  static final Path SCHEMAS = Path.of("src/test/capnp/corral");

  @TempDir Path tmp;
  CppPeer server;
  Vat vat;
  RpcConnection connection;
  DynamicClient service;

  @BeforeEach
  void start() throws Exception {
    String address = "unix:" + tmp.resolve("cpp.sock");
    server = CppPeer.server(address);
    vat = new Vat(1);
    connection = vat.connect(address, null).get(10, TimeUnit.SECONDS);
    byte[] request =
        new SchemaCompiler("capnp", List.of(), tmp)
            .request(List.of(SCHEMAS.resolve("rpctest.capnp")), SCHEMAS);
    service =
        new DynamicClient(
            connection.bootstrap(),
            new SchemaRegistry().addRequest(request).requireInterface("TestService"));
  }

  @AfterEach
  void stop() {
    service.close();
    connection.close();
    vat.close();
    server.close();
  }

  @Test
  void aDynamicCallToTheCppServerReturnsItsResultsAsText() {
    try (DynamicResults sum = service.call("add", "(a = 40, b = 2)")) {
      assertEquals("(sum = 42)", sum.text());
    }
  }

  @Test
  void aCapabilityReturnedByTheCppServerPrintsAsAPlaceholder() {
    try (DynamicResults adder = service.call("getAdder", "()");
        DynamicResults live = service.call("liveAdders", "()")) {
      assertEquals("( adder = <external capability> )", adder.text());
      assertEquals("(count = 1)", live.text(), "the results hold a reference to the adder");
    }
  }

  @Test
  void aCapabilityParameterCannotBeWrittenInText() {
    TextFormatException e =
        assertThrows(
            TextFormatException.class, () -> service.call("callBack", "(cb = 5, value = 1)"));

    assertEquals(
        "field 'cb' of TestService.callBack$Params is an interface and cannot be written in text"
            + " at 1:7",
        e.getMessage());
  }

  @Test
  void theCppServersFailureKindsArriveUnchanged() {
    RpcException e =
        assertThrows(
            RpcException.class,
            () -> service.call("fail", "(kind = 1, reason = \"too busy\")").close());

    assertEquals(RpcException.Kind.OVERLOADED, e.kind());
    // KJ_EXCEPTION(OVERLOADED, reason) names the expression it prints; the text is the server's.
    assertEquals("reason = too busy", e.reason());
  }
}
