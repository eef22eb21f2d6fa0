// The Bench interface served by the C++ reference: ping answers with nothing, echo copies its
// data into the results. Used by bench_server (over EzRpcServer) and by bench_client's in-process
// mode (a local capability, no connection).
#pragma once

#include "bench.capnp.h"

class BenchService final : public Bench::Server {
 public:
  kj::Promise<void> ping(PingContext) override { return kj::READY_NOW; }

  kj::Promise<void> echo(EchoContext ctx) override {
    ctx.getResults().setData(ctx.getParams().getData());
    return kj::READY_NOW;
  }
};
