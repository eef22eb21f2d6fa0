# Interfaces spoken between the Java engine and the C++ reference in the interop tests.
@0xd6a6b1a4c0e1f2a3;

using Java = import "/capnp/java.capnp";
using Corral = import "/capnp/corral.capnp";
$Java.package("corral.runtime.rpc.test");
$Java.outerClassname("RpcTest");

interface Callback {
  # Something the service calls back.
  notify @0 (value :Int64) -> (echo :Int64);
  # Returns value + 1000.
}

interface Adder {
  add @0 (a :Int64, b :Int64) -> (sum :Int64) $Corral.idempotent;
}

interface TestService {
  add @0 (a :Int64, b :Int64) -> (sum :Int64);
  # a + b.

  getAdder @1 () -> (adder :Adder);
  # A fresh Adder object (counted by liveAdders until released).

  callBack @2 (cb :Callback, value :Int64) -> (echo :Int64);
  # Calls cb.notify(value) and returns its echo.

  fail @3 (kind :UInt8, reason :Text) -> ();
  # Throws an exception of kind (0 failed, 1 overloaded, 2 disconnected, 3 unimplemented).

  hang @4 () -> ();
  # Never returns; counts starts and cancellations.

  hangCount @5 () -> (started :UInt32, canceled :UInt32);

  liveAdders @6 () -> (count :Int32);
  # Adders created by getAdder that are not yet destroyed.

  promiseCallback @7 (cb :Callback) -> (cb :Callback);
  # Returns a promise that resolves, after 50 ms, to the cb given.
}

# --- Generated-code tests (Java on both sides; the C++ peer compiles but does not serve these) ---

interface Named {
  # Something with a name.
  name @0 () -> (name :Text);
}

interface NamedAdder extends(Adder, Named) {
  # Inherits add from Adder (its first superclass) and name from Named.
  holder @0 () -> (holder :Holder);
  # A Holder whose capabilities are all this object.
  sum @1 (adders :List(Adder), a :Int64, b :Int64) -> (sums :List(Int64));
  # Calls add(a, b) on each adder in the list.
}

interface Counter extends(NamedAdder) {
  # Three levels of inheritance.
  increment @0 () -> (value :Int64);
}

struct Holder {
  # Capabilities in a struct, a nested struct, a group and a list.
  adder @0 :Adder;
  inner @1 :Inner;
  struct Inner {
    named @0 :Named;
  }
  group :group {
    counter @2 :Counter;
  }
  callbacks @3 :List(Callback);
  label @4 :Text;
}

interface Box(T) {
  # A generic interface: T is unbound (AnyPointer) in Java.
  put @0 (value :T) -> ();
  get @1 () -> (value :T);
}

interface Registry {
  # Holds one capability of any interface (the built-in Capability type).
  put @0 (cap :Capability) -> ();
  # Keeps cap, replacing the one kept before.
  get @1 () -> (cap :Capability);
  # The capability kept (null if none).
}
