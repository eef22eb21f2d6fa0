// A client that speaks only standard Cap'n Proto (the C++ reference, EzRpc): it calls a driver
// instance through the kernel, which relays to the instance's host. Built by the tests with g++
// against Debian's libcapnp.
//
//   kernel_client unix:STATE/kernel.sock CAP
//
// Restores CAP with Kernel.restore, then on the reference (a Block): info, write of block 1, read
// of block 1. Prints one line per step: "<step> <value>" or "<step> failed <kind>: <reason>".
#include "kernel.capnp.h"
#include "block.capnp.h"
#include <capnp/ez-rpc.h>
#include <iostream>
#include <string>

namespace {

kj::StringPtr kindName(kj::Exception::Type t) {
  switch (t) {
    case kj::Exception::Type::OVERLOADED: return "overloaded";
    case kj::Exception::Type::DISCONNECTED: return "disconnected";
    case kj::Exception::Type::UNIMPLEMENTED: return "unimplemented";
    default: return "failed";
  }
}

template <typename F>
void step(kj::StringPtr name, F&& f) {
  KJ_IF_MAYBE(e, kj::runCatchingExceptions([&]() {
    std::string value = f();
    std::cout << name.cStr() << " " << value << std::endl;
  })) {
    kj::StringPtr d = e->getDescription();
    kj::StringPtr prefix = "remote exception: ";
    if (d.startsWith(prefix)) d = d.slice(prefix.size());
    std::cout << name.cStr() << " failed " << kindName(e->getType()).cStr() << ": " << d.cStr()
              << std::endl;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kernel_client ADDRESS CAP" << std::endl;
    return 2;
  }
  capnp::EzRpcClient client(argv[1]);
  auto& ws = client.getWaitScope();
  auto kernel = client.getMain<Kernel>();
  auto req = kernel.restoreRequest();
  req.setCap(argv[2]);
  Block::Client disk = req.send().getRef().castAs<Block>();  // pipelined on the restore
  step("info", [&]() {
    auto info = disk.infoRequest().send().wait(ws).getInfo();
    return "blockSize=" + std::to_string(info.getBlockSize()) +
           " blockCount=" + std::to_string(info.getBlockCount()) +
           " readOnly=" + (info.getReadOnly() ? "true" : "false");
  });
  step("write", [&]() {
    auto w = disk.writeRequest();
    w.setBlock(1);
    std::string data(512, 'c');
    w.setData(kj::arrayPtr(reinterpret_cast<const capnp::byte*>(data.data()), data.size()));
    w.send().wait(ws);
    return std::string("ok");
  });
  step("read", [&]() {
    auto r = disk.readRequest();
    r.setBlock(1);
    r.setCount(1);
    auto data = r.send().wait(ws).getData();
    return std::to_string(data.size()) + " bytes, first '" +
           std::string(1, static_cast<char>(data[0])) + "'";
  });
  return 0;
}
