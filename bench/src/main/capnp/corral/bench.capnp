# The interface the RPC benchmarks call, served alike by Corral (corral.bench.BenchService) and by
# the C++ reference (src/main/cpp/bench_server.c++). Both methods do no work beyond answering, so
# what is measured is the cost of the RPC system: framing, the protocol's tables, dispatch and
# the threads or event loops a call passes through.
@0xd58e6efbc823af59;

using Java = import "/capnp/java.capnp";
$Java.package("corral.bench.schema");
$Java.outerClassname("BenchSchema");

interface Bench {
  ping @0 () -> ();
  # The null call: no parameters, no results. One call is one round trip of the protocol: Call,
  # then Return (then the caller's Finish, which nobody waits for).

  echo @1 (data :Data) -> (data :Data);
  # Returns `data` unchanged. The server copies it from the parameters into the results, as a
  # real server that keeps nothing of the caller's message would.
}
