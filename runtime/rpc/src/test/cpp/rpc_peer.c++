// The C++ reference side of the interop tests: a TestService server, or a client driving a
// TestService hosted by the Java engine. Built by the tests with g++ against Debian's libcapnp.
//
//   rpc_peer server unix:/path.sock     prints "ready" when listening
//   rpc_peer client unix:/path.sock     runs the client scenarios, prints "ok <name>" per scenario
#include "rpctest.capnp.h"
#include <capnp/ez-rpc.h>
#include <kj/debug.h>
#include <kj/async-io.h>
#include <kj/timer.h>
#include <iostream>

namespace {

int liveAdders = 0;
unsigned hangStarted = 0, hangCanceled = 0;

class AdderImpl final : public Adder::Server {
 public:
  AdderImpl() { ++liveAdders; }
  ~AdderImpl() { --liveAdders; }
  kj::Promise<void> add(AddContext ctx) override {
    auto p = ctx.getParams();
    ctx.getResults().setSum(p.getA() + p.getB());
    return kj::READY_NOW;
  }
};

struct HangGuard {
  bool done = false;
  ~HangGuard() { if (!done) ++hangCanceled; }
};

class TestServiceImpl final : public TestService::Server {
 public:

  kj::Promise<void> add(AddContext ctx) override {
    auto p = ctx.getParams();
    ctx.getResults().setSum(p.getA() + p.getB());
    return kj::READY_NOW;
  }
  kj::Promise<void> getAdder(GetAdderContext ctx) override {
    ctx.getResults().setAdder(kj::heap<AdderImpl>());
    return kj::READY_NOW;
  }
  kj::Promise<void> callBack(CallBackContext ctx) override {
    auto req = ctx.getParams().getCb().notifyRequest();
    req.setValue(ctx.getParams().getValue());
    return req.send().then([ctx](capnp::Response<Callback::NotifyResults> r) mutable {
      ctx.getResults().setEcho(r.getEcho());
    });
  }
  kj::Promise<void> fail(FailContext ctx) override {
    auto reason = kj::str(ctx.getParams().getReason());
    switch (ctx.getParams().getKind()) {
      case 1: return KJ_EXCEPTION(OVERLOADED, reason);
      case 2: return KJ_EXCEPTION(DISCONNECTED, reason);
      case 3: return KJ_EXCEPTION(UNIMPLEMENTED, reason);
      default: return KJ_EXCEPTION(FAILED, reason);
    }
  }
  kj::Promise<void> hang(HangContext ctx) override {
    ++hangStarted;
    ctx.allowCancellation();  // capnp 0.9 cancels on Finish only when allowed
    auto guard = kj::heap<HangGuard>();
    return kj::Promise<void>(kj::NEVER_DONE).attach(kj::mv(guard));
  }
  kj::Promise<void> hangCount(HangCountContext ctx) override {
    ctx.getResults().setStarted(hangStarted);
    ctx.getResults().setCanceled(hangCanceled);
    return kj::READY_NOW;
  }
  kj::Promise<void> liveAdders(LiveAddersContext ctx) override {
    ctx.getResults().setCount(::liveAdders);
    return kj::READY_NOW;
  }
  kj::Promise<void> promiseCallback(PromiseCallbackContext ctx) override {
    Callback::Client cb = ctx.getParams().getCb();
    auto later = timer->afterDelay(50 * kj::MILLISECONDS).then([cb]() mutable { return cb; });
    ctx.getResults().setCb(Callback::Client(kj::mv(later)));
    return kj::READY_NOW;
  }

 public:
  kj::Timer* timer = nullptr;
};

class CallbackImpl final : public Callback::Server {
 public:
  kj::Promise<void> notify(NotifyContext ctx) override {
    ctx.getResults().setEcho(ctx.getParams().getValue() + 1000);
    return kj::READY_NOW;
  }
};

// Counts calls and those that arrive out of order (E-order across an embargo).
class OrderedCallback final : public Callback::Server {
 public:
  int64_t last = -1;
  int count = 0, outOfOrder = 0;
  kj::Promise<void> notify(NotifyContext ctx) override {
    int64_t v = ctx.getParams().getValue();
    if (v <= last) ++outOfOrder;
    last = v;
    ++count;
    ctx.getResults().setEcho(v + 1000);
    return kj::READY_NOW;
  }
};

void check(bool ok, const char* what) {
  if (!ok) {
    std::cout << "FAIL " << what << std::endl;
    exit(1);
  }
  std::cout << "ok " << what << std::endl;
}

int runClient(const char* address) {
  capnp::EzRpcClient client(address);
  auto& ws = client.getWaitScope();
  TestService::Client svc = client.getMain<TestService>();

  {
    auto req = svc.addRequest();
    req.setA(40);
    req.setB(2);
    check(req.send().wait(ws).getSum() == 42, "call");
  }
  {
    auto adder = svc.getAdderRequest().send().getAdder();  // pipelined, unresolved
    auto req = adder.addRequest();
    req.setA(5);
    req.setB(6);
    check(req.send().wait(ws).getSum() == 11, "pipelined call");
  }
  {
    auto req = svc.callBackRequest();
    req.setCb(kj::heap<CallbackImpl>());
    req.setValue(7);
    check(req.send().wait(ws).getEcho() == 1007, "callback");
  }
  {
    const char* names[] = {"failed", "overloaded", "disconnected", "unimplemented"};
    kj::Exception::Type types[] = {kj::Exception::Type::FAILED, kj::Exception::Type::OVERLOADED,
                                   kj::Exception::Type::DISCONNECTED,
                                   kj::Exception::Type::UNIMPLEMENTED};
    for (int k = 0; k < 4; k++) {
      auto req = svc.failRequest();
      req.setKind(k);
      req.setReason(names[k]);
      auto result = req.send().then([](auto&&) { return kj::Maybe<kj::Exception>(nullptr); },
                                    [](kj::Exception&& e) { return kj::Maybe<kj::Exception>(kj::mv(e)); })
                        .wait(ws);
      KJ_IF_MAYBE(e, result) {
        bool ok = e->getType() == types[k] &&
                  kj::StringPtr(e->getDescription()).endsWith(names[k]);
        if (!ok) std::cout << "got " << kj::str(*e).cStr() << std::endl;
        check(ok, kj::str("exception ", names[k]).cStr());
      } else {
        check(false, "exception expected");
      }
    }
  }
  auto& timer = client.getIoProvider().getTimer();
  auto pause = [&]() { timer.afterDelay(2 * kj::MILLISECONDS).wait(ws); };
  auto hangCount = [&]() {
    auto r = svc.hangCountRequest().send().wait(ws);
    return std::make_pair(r.getStarted(), r.getCanceled());
  };
  {
    // Cancellation: dropping the promise sends Finish; the Java method is interrupted.
    auto before = hangCount();
    {
      auto hang = svc.hangRequest().send();
      for (int i = 0; i < 5000 && hangCount().first == before.first; i++) pause();
    }  // dropped here: Finish
    bool canceled = false;
    for (int i = 0; i < 5000 && !canceled; i++) {
      canceled = hangCount().second == before.second + 1;
      if (!canceled) pause();
    }
    check(hangCount().first == before.first + 1 && canceled, "cancel");
  }
  {
    // Release accounting: the Java object lives while referenced, and is released when dropped.
    auto live = [&]() { return svc.liveAddersRequest().send().wait(ws).getCount(); };
    int before = live();
    bool ok;
    {
      auto adder = svc.getAdderRequest().send().wait(ws).getAdder();
      auto req = adder.addRequest();
      req.setA(2);
      req.setB(3);
      ok = req.send().wait(ws).getSum() == 5 && live() == before + 1;
    }  // adder and response dropped: Release
    bool released = false;
    for (int i = 0; i < 5000 && !released; i++) {
      released = live() == before;
      if (!released) pause();
    }
    check(ok && released, "release");
  }
  {
    // The embargo path: the Java server returns a promise that resolves to our own callback.
    auto impl = kj::heap<OrderedCallback>();
    OrderedCallback& ordered = *impl;
    Callback::Client cb = kj::mv(impl);
    auto req = svc.promiseCallbackRequest();
    req.setCb(cb);
    auto response = req.send();
    Callback::Client promised = response.getCb();  // pipelined
    kj::Vector<kj::Promise<bool>> calls;
    for (int i = 0; i < 200; i++) {
      auto n = promised.notifyRequest();
      n.setValue(i);
      calls.add(n.send().then([i](capnp::Response<Callback::NotifyResults> r) {
        return r.getEcho() == i + 1000;
      }));
      if (i % 20 == 0) pause();  // spread the calls across the 50 ms resolution
    }
    bool echoes = true;
    for (auto& c : calls) echoes = c.wait(ws) && echoes;
    response.wait(ws);
    if (!(echoes && ordered.count == 200 && ordered.outOfOrder == 0)) {
      std::cout << "echoes " << echoes << " count " << ordered.count << " out of order "
                << ordered.outOfOrder << std::endl;
    }
    check(echoes && ordered.count == 200 && ordered.outOfOrder == 0, "embargo order");
  }
  {
    bool ok = true;
    for (int i = 0; i < 10000 && ok; i++) {
      auto req = svc.addRequest();
      req.setA(i);
      req.setB(1);
      ok = req.send().wait(ws).getSum() == i + 1;
    }
    check(ok, "10000 calls");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: rpc_peer server|client ADDRESS" << std::endl;
    return 2;
  }
  kj::StringPtr mode = argv[1];
  if (mode == "client") {
    return runClient(argv[2]);
  }
  auto impl = kj::heap<TestServiceImpl>();
  TestServiceImpl* raw = impl.get();
  capnp::EzRpcServer server(kj::mv(impl), argv[2]);
  raw->timer = &server.getIoProvider().getTimer();
  auto& ws = server.getWaitScope();
  server.getPort().wait(ws);
  std::cout << "ready" << std::endl;
  kj::NEVER_DONE.wait(ws);
}
