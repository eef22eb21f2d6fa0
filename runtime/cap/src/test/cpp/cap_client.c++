// A C++ Cap'n Proto client presenting a text capability to a Java server's Restorer bootstrap
// interface, for the capability tests. Built by the tests with g++ against Debian's libcapnp.
//
//   cap_client unix:/path.sock CAP
//
// Restores CAP, pipelining two calls on the promised reference before the restore returns, then
// makes a fixed sequence of calls through the live reference and prints one line per step (after
// a refused restore, only the pipelined calls' and the restore's): "<step> <value>" on success,
// "<step> failed <kind>: <reason>" on failure. The Java
// test runs the same sequence with a Java client and expects the same lines.
#include "rpctest.capnp.h"
#include "cap.capnp.h"
#include <capnp/ez-rpc.h>
#include <kj/debug.h>
#include <iostream>

namespace {

class EchoCallback final : public Callback::Server {
 public:
  kj::Promise<void> notify(NotifyContext ctx) override {
    ctx.getResults().setEcho(ctx.getParams().getValue() + 1000);
    return kj::READY_NOW;
  }
};

kj::StringPtr kindName(kj::Exception::Type t) {
  switch (t) {
    case kj::Exception::Type::OVERLOADED: return "overloaded";
    case kj::Exception::Type::DISCONNECTED: return "disconnected";
    case kj::Exception::Type::UNIMPLEMENTED: return "unimplemented";
    default: return "failed";
  }
}

// The reason as the Java side sent it: the C++ runtime prefixes received reasons.
kj::String reasonOf(const kj::Exception& e) {
  kj::StringPtr d = e.getDescription();
  kj::StringPtr prefix = "remote exception: ";
  if (d.startsWith(prefix)) d = d.slice(prefix.size());
  return kj::str(d);
}

template <typename F>
void step(kj::StringPtr name, kj::WaitScope& ws, F&& f) {
  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() {
    auto value = f();
    std::cout << name.cStr() << " " << value << std::endl;
  })) {
    std::cout << name.cStr() << " failed " << kindName(e->getType()).cStr() << ": "
              << reasonOf(*e).cStr() << std::endl;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: cap_client ADDRESS CAP" << std::endl;
    return 2;
  }
  capnp::EzRpcClient client(argv[1]);
  auto& ws = client.getWaitScope();
  auto restorer = client.getMain<Restorer>();
  auto req = restorer.restoreRequest();
  req.setCap(argv[2]);
  // `ref` is the built-in Capability type, so calls pipeline on it: two calls go out on the
  // promised reference before the restore has returned, one granted by the test's caps, one that
  // some of them do not grant.
  auto restoring = req.send();
  TestService::Client svc = restoring.getRef().castAs<TestService>();
  auto pipelinedAdd = [&]() {
    auto r = svc.addRequest();
    r.setA(20);
    r.setB(22);
    return r.send();
  }();
  auto pipelinedLiveAdders = svc.liveAddersRequest().send();
  step("pipelined.add", ws, [&]() { return pipelinedAdd.wait(ws).getSum(); });
  step("pipelined.liveAdders", ws, [&]() { return pipelinedLiveAdders.wait(ws).getCount(); });
  bool restored = false;
  step("restore", ws, [&]() {
    restoring.wait(ws);
    restored = true;
    return "ok";
  });
  if (!restored) return 0;
  step("add", ws, [&]() {
    auto r = svc.addRequest();
    r.setA(1);
    r.setB(2);
    return r.send().wait(ws).getSum();
  });
  step("getAdder.add", ws, [&]() {
    auto adder = svc.getAdderRequest().send().getAdder();  // pipelined
    auto r = adder.addRequest();
    r.setA(2);
    r.setB(3);
    return r.send().wait(ws).getSum();
  });
  step("callBack", ws, [&]() {
    auto r = svc.callBackRequest();
    r.setCb(kj::heap<EchoCallback>());
    r.setValue(7);
    return r.send().wait(ws).getEcho();
  });
  step("liveAdders", ws, [&]() { return svc.liveAddersRequest().send().wait(ws).getCount(); });
  return 0;
}
