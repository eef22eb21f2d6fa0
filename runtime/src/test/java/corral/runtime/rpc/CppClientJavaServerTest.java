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

  /** TestService in Java, written against the untyped server API until skeletons are generated. */
  static final class JavaTestService extends Server {
    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext ctx) {
      switch (methodId) {
        case TestService.METHOD_ADD -> {
          TestService.AddParams.Reader p = ctx.params(TestService.AddParams.factory);
          ctx.initResults(TestService.AddResults.factory).setSum(p.getA() + p.getB());
        }
        case TestService.METHOD_GET_ADDER -> {
          try (Client adder = Client.of(new JavaAdder())) {
            ctx.initResults(TestService.GetAdderResults.factory);
            ctx.results()
                .getAs(CapStruct.of(TestService.GetAdderResults.STRUCT_SIZE))
                .setCap(0, adder);
          }
        }
        case TestService.METHOD_CALL_BACK -> {
          long value = ctx.params(TestService.CallBackParams.factory).getValue();
          try (Client cb =
              ctx.params(CapStruct.of(TestService.CallBackParams.STRUCT_SIZE)).getCap(0)) {
            Request r = cb.newCall(Callback.TYPE_ID, Callback.METHOD_NOTIFY);
            r.initParams(Callback.NotifyParams.factory).setValue(value);
            try (Response resp = r.send().join()) {
              ctx.initResults(TestService.CallBackResults.factory)
                  .setEcho(resp.results(Callback.NotifyResults.factory).getEcho());
            }
          }
        }
        case TestService.METHOD_FAIL -> {
          TestService.FailParams.Reader p = ctx.params(TestService.FailParams.factory);
          throw new RpcException(RpcException.Kind.fromCode(p.getKind()), p.getReason().toString());
        }
        default -> throw unimplemented(interfaceId, methodId);
      }
    }
  }

  static final class JavaAdder extends Server {
    @Override
    protected void dispatch(long interfaceId, short methodId, CallContext ctx) {
      if (interfaceId != Adder.TYPE_ID || methodId != Adder.METHOD_ADD) {
        throw unimplemented(interfaceId, methodId);
      }
      Adder.AddParams.Reader p = ctx.params(Adder.AddParams.factory);
      ctx.initResults(Adder.AddResults.factory).setSum(p.getA() + p.getB());
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
