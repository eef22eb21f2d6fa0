package corral.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import corral.runtime.rpc.test.RpcTest.Adder;
import corral.runtime.rpc.test.RpcTest.Callback;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The C++ reference client (EzRpcClient) against a TestService served by the Java engine. */
class CppClientJavaServerTest {

  /**
   * TestService in Java, on the generated skeleton. Concurrent, so that {@code hangCount} is
   * answered while {@code hang} blocks.
   */
  static final class JavaTestService extends TestService.Server {
    final AtomicInteger hangStarted = new AtomicInteger();
    final AtomicInteger hangCanceled = new AtomicInteger();
    final AtomicInteger liveAdders = new AtomicInteger();

    JavaTestService() {
      super(true);
    }

    @Override
    protected void hang(TestService.HangParams.Reader params, TestService.HangResults.Builder r) {
      hangStarted.incrementAndGet();
      try {
        new CountDownLatch(1).await(); // until the caller cancels (Finish interrupts us)
      } catch (InterruptedException e) {
        hangCanceled.incrementAndGet();
        throw RpcException.failed("canceled");
      }
    }

    @Override
    protected void hangCount(
        TestService.HangCountParams.Reader params, TestService.HangCountResults.Builder results) {
      results.setStarted(hangStarted.get());
      results.setCanceled(hangCanceled.get());
    }

    @Override
    protected void liveAdders(
        TestService.LiveAddersParams.Reader params, TestService.LiveAddersResults.Builder r) {
      r.setCount(liveAdders.get());
    }

    @Override
    protected void promiseCallback(
        TestService.PromiseCallbackParams.Reader params,
        TestService.PromiseCallbackResults.Builder results) {
      Callback.Client cb = params.getCb();
      // Resolves later, as the C++ server's timer does: the caller's calls meanwhile go through
      // us, and the resolution (its own object) makes the C++ side embargo.
      CompletableFuture<Client> later =
          CompletableFuture.supplyAsync(
              () -> cb, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
      try (Client promise = Client.promise(later)) {
        results.setCb(new Callback.Client(promise.duplicate()));
      }
    }

    @Override
    protected void add(
        TestService.AddParams.Reader params, TestService.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }

    @Override
    protected void getAdder(
        TestService.GetAdderParams.Reader params, TestService.GetAdderResults.Builder results) {
      liveAdders.incrementAndGet();
      results.setAdder(new JavaAdder(liveAdders));
    }

    @Override
    protected void callBack(
        TestService.CallBackParams.Reader params, TestService.CallBackResults.Builder results) {
      try (Callback.Client cb = params.getCb();
          var echo = cb.notify(p -> p.setValue(params.getValue()))) {
        results.setEcho(echo.join().getEcho());
      }
    }

    @Override
    protected void fail(TestService.FailParams.Reader params, TestService.FailResults.Builder r) {
      throw new RpcException(
          RpcException.Kind.fromCode(params.getKind()), params.getReason().toString());
    }
  }

  static final class JavaAdder extends Adder.Server {
    private final AtomicInteger live;

    JavaAdder(AtomicInteger live) {
      this.live = live;
    }

    @Override
    protected void released() {
      live.decrementAndGet();
    }

    @Override
    protected void add(Adder.AddParams.Reader params, Adder.AddResults.Builder results) {
      results.setSum(params.getA() + params.getB());
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void cppClientRunsEveryScenarioAgainstTheJavaServer() throws Exception {
    Path dir = Files.createTempDirectory("corral-rpc");
    String address = "unix:" + dir.resolve("java.sock");
    JavaTestService service = new JavaTestService();
    try (Vat vat = new Vat(1);
        Vat.Listener _ = vat.listen(address, () -> Client.of(service));
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
              "ok cancel",
              "ok release",
              "ok embargo order",
              "ok 10000 calls",
              "exit 0"),
          out);
    }
  }
}
