// The C++ reference's benchmark client: EzRpcClient to a Bench server, or a local Bench
// capability in this process. Driven by the harness over stdin/stdout with the same lines as
// corral.bench.ClientProcess:
//
//   bench_client unix:/path.sock | local
//   in:  ping MILLIS MAXCALLS            out: ping calls=N p50=NS p90=NS p99=NS
//   in:  echo INFLIGHT MILLIS MAXCALLS   out: echo calls=N bytes=B nanos=T
//   in:  quit (or end of input)          exits
#include "bench_service.h"

#include <capnp/ez-rpc.h>
#include <kj/async.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t ECHO_BYTES = 64 * 1024;

int64_t nanos(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

int64_t rank(const std::vector<int64_t>& sorted, int percent) {
  if (sorted.empty()) return 0;
  long i = static_cast<long>(std::ceil(percent / 100.0 * sorted.size())) - 1;
  i = std::max(0L, std::min(static_cast<long>(sorted.size()) - 1, i));
  return sorted[i];
}

std::string ping(Bench::Client& bench, kj::WaitScope& ws, long millis, long maxCalls) {
  std::vector<int64_t> samples;
  samples.reserve(std::min(maxCalls, 4L << 20));
  auto deadline = Clock::now() + std::chrono::milliseconds(millis);
  while (static_cast<long>(samples.size()) < maxCalls) {
    auto t0 = Clock::now();
    if (t0 >= deadline) break;
    bench.pingRequest().send().wait(ws);
    samples.push_back(nanos(Clock::now() - t0));
  }
  std::sort(samples.begin(), samples.end());
  std::ostringstream out;
  out << "ping calls=" << samples.size() << " p50=" << rank(samples, 50)
      << " p90=" << rank(samples, 90) << " p99=" << rank(samples, 99);
  return out.str();
}

// One of the in-flight slots of an echo run: sends a call, and on its answer the next one.
struct EchoRun {
  Bench::Client bench;
  kj::ArrayPtr<const kj::byte> payload;
  Clock::time_point deadline;
  long maxCalls;
  long sent = 0;
  long answered = 0;
  bool wrongLength = false;

  kj::Promise<void> next() {
    if (sent >= maxCalls || Clock::now() >= deadline) return kj::READY_NOW;
    ++sent;
    auto req = bench.echoRequest();
    req.setData(payload);
    return req.send().then([this](capnp::Response<Bench::EchoResults>&& r) {
      if (r.getData().size() != payload.size()) wrongLength = true;
      ++answered;
      return next();
    });
  }
};

std::string echo(Bench::Client& bench, kj::WaitScope& ws, int inFlight, long millis,
                 long maxCalls) {
  auto payload = kj::heapArray<kj::byte>(ECHO_BYTES);
  for (size_t i = 0; i < payload.size(); i++) payload[i] = static_cast<kj::byte>(i * 31 + 7);
  auto t0 = Clock::now();
  EchoRun run{bench, payload, t0 + std::chrono::milliseconds(millis), maxCalls};
  auto slots = kj::heapArrayBuilder<kj::Promise<void>>(inFlight);
  for (int i = 0; i < inFlight; i++) slots.add(run.next());
  kj::joinPromises(slots.finish()).wait(ws);
  int64_t elapsed = nanos(Clock::now() - t0);
  if (run.wrongLength) return "error echo returned a wrong length";
  std::ostringstream out;
  out << "echo calls=" << run.answered << " bytes=" << run.answered * ECHO_BYTES
      << " nanos=" << elapsed;
  return out.str();
}

int serve(Bench::Client bench, kj::WaitScope& ws) {
  std::cout << "ready" << std::endl;
  std::string line;
  while (std::getline(std::cin, line) && line != "quit") {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    std::string reply;
    KJ_IF_MAYBE(e, kj::runCatchingExceptions([&] {
      if (cmd == "ping") {
        long millis, maxCalls;
        in >> millis >> maxCalls;
        reply = ping(bench, ws, millis, maxCalls);
      } else if (cmd == "echo") {
        int inFlight;
        long millis, maxCalls;
        in >> inFlight >> millis >> maxCalls;
        reply = echo(bench, ws, inFlight, millis, maxCalls);
      } else {
        reply = "error unknown command " + line;
      }
    })) {
      reply = std::string("error ") + e->getDescription().cStr();
    }
    std::cout << reply << std::endl;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_client unix:/path.sock | local" << std::endl;
    return 2;
  }
  if (kj::StringPtr(argv[1]) == "local") {
    kj::EventLoop loop;
    kj::WaitScope ws(loop);
    return serve(kj::heap<BenchService>(), ws);
  }
  capnp::EzRpcClient client(argv[1]);
  return serve(client.getMain<Bench>(), client.getWaitScope());
}
