// The C++ reference's benchmark server: Bench over capnp's EzRpcServer (one thread, one kj event
// loop), as Debian's libcapnp-dev ships it.
//
//   bench_server unix:/path.sock     prints "ready" when listening; exits when stdin closes
#include "bench_service.h"

#include <capnp/ez-rpc.h>
#include <unistd.h>

#include <iostream>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_server unix:/path.sock" << std::endl;
    return 2;
  }
  // The harness holds our stdin; when it goes away, so do we. This thread only reads stdin and
  // never touches the event loop.
  std::thread([] {
    char buf[256];
    while (read(0, buf, sizeof buf) > 0) {
    }
    _exit(0);
  }).detach();

  capnp::EzRpcServer server(kj::heap<BenchService>(), argv[1]);
  auto& ws = server.getWaitScope();
  server.getPort().wait(ws);
  std::cout << "ready" << std::endl;
  kj::NEVER_DONE.wait(ws);
}
