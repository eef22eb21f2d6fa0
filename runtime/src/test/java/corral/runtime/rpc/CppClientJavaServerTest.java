package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The C++ reference client (EzRpcClient) against a TestService served by the Java engine. */
class CppClientJavaServerTest {

  /** TestService in Java, on the generated skeleton. */
  static final class JavaTestService extends TestService.Server {
    @Override
    protected void add(
        TestService.AddParams.Reader params, TestService.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }

    @Override
    protected void getAdder(
        TestService.GetAdderParams.Reader params, TestService.GetAdderResults.Builder results) {
      results.setAdder(new JavaAdder());
    }

    @Override
    protected void callBack(
        TestService.CallBackParams.Reader params, TestService.CallBackResults.Builder results) {
      try (Callback.Client cb = params.getCb();
          Results<Callback.NotifyResults.Reader> echo =
              cb.notify(p -> p.setValue(params.getValue())).join()) {
        results.setEcho(echo.get().getEcho());
      }
    }

    @Override
    protected void fail(TestService.FailParams.Reader params, TestService.FailResults.Builder r) {
      throw new RpcException(
          RpcException.Kind.fromCode(params.getKind()), params.getReason().toString());
    }
  }

  static final class JavaAdder extends Adder.Server {
    @Override
    protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void cppClientRunsEveryScenarioAgainstTheJavaServer() throws Exception {
    Path dir = Files.createTempDirectory("corral-rpc");
    String address = "unix:" + dir.resolve("java.sock");
    JavaTestService service = new JavaTestService();
    try (Vat vat = new Vat(1);
        Vat.Listener listener = vat.listen(address, () -> Client.of(service));
        CppPeer client = CppPeer.client(address)) {
      List<String> out = client.outputUntilExit();
      assertEquals(
          List.of(
              "ok call",
              "ok pipelined call",
              "ok callback",
              "ok exception failed",
              "ok exception overloaded",
              "ok exception disconnected",
              "ok exception unimplemented",
              "ok 10000 calls",
              "exit 0"),
          out);
    }
  }
}
