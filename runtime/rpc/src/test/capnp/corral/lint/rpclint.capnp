# Generated RPC code under -Xlint:all -Werror (GeneratedRpcCodeCompilesTest) and the names the
# generator must mangle in rpc mode (RpcNameManglingTest): nested types called Client, Server and
# Pipeline, and inherited methods whose Java names coincide.
@0xe3c1f0a2b4d5c6e7;

using Java = import "/capnp/java.capnp";
$Java.package("corral.runtime.rpc.lint");
$Java.outerClassname("RpcLint");

interface Base {
  # The root of the hierarchy.
  ping @0 () -> (value :Int32);
  # Returns a number chosen by the implementation.
  name @1 () -> (name :Text);
}

interface Other {
  # A second base whose method ping clashes with Base.ping.
  ping @0 (times :UInt8) -> (value :Int32);
  # Returns times.
}

interface Derived extends(Base, Other) {
  # Base.ping (inherited from the first superclass) keeps its name; then this interface's own
  # methods are named before those flattened in from Other: Derived.ping becomes ping_, Other.ping
  # ping__.
  ping @0 (label :Text) -> (value :Int32);
  # Returns the label's length.

  struct Client {
    # Clashes with the generated Derived.Client: becomes Client_.
    id @0 :UInt32;
  }
  struct Server {
    # Becomes Server_.
    port @0 :UInt16;
  }
  enum Pipeline {
    # Becomes Pipeline_.
    fast @0;
    slow @1;
  }

  describe @1 (c :Client, s :Server, p :Pipeline) -> (self :Derived, text :Text);
  # The nested types in parameters; returns this object.
}

struct Holder {
  # Capabilities of every shape, and a nested Pipeline next to the generated one.
  base @0 :Base;
  derived @1 :Derived;
  many @2 :List(Derived);
  inner :group {
    other @3 :Other;
  }
  box @4 :Box;
  struct Pipeline {
    # Clashes with the generated Holder.Pipeline: becomes Pipeline_.
    depth @0 :UInt8;
  }
  plain @5 :Pipeline;
}

interface Box(T) {
  # A generic interface.
  put @0 (value :T) -> ();
  get @1 () -> (value :T, holder :Holder);
}

interface Maker {
  # Capabilities in parameters and results, lists of capabilities.
  make @0 (bases :List(Base)) -> (derived :Derived, holder :Holder, all :List(Derived));
  close @1 () -> ();
  # A method named like a member of Client: no no-argument overload.
  pipeline @2 () -> (pipeline :Holder);
}

interface Handle {
  # No methods at all: its Server dispatches nothing itself.
}

interface Leaf extends(Base) {
  # No methods of its own, one superclass.
}

interface Joined extends(Base, Handle) {
  # No methods of its own; a second superclass without methods either.
}

struct Documented {
  # Doc comments on capability fields: each getter has one javadoc block.
  handle @0 :Handle;
  # The handle.
  handles @1 :List(Handle);
  # Many handles.
}

interface Streamer {
  # A streaming method: its results are stream.capnp's StreamResult.
  write @0 (data :Data) -> stream;
  # Takes the next chunk.
  done @1 () -> (total :UInt64);
  # The number of bytes written.
}

struct Cell(T) {
  # A generic struct, bound to interfaces below: its value reads as a typed client.
  value @0 :T;
}

interface Keeper {
  # Capabilities in generic structs and in List(Capability).
  keep @0 (cell :Cell(Base), caps :List(Capability)) -> (cell :Cell(Base), count :UInt32);
  # Returns the cell's capability in a cell of its own, and how many caps were passed.
  cells @1 () -> (cells :List(Cell(Derived)));
  # No cells.
}

interface Registry {
  # Methods whose ordinal constants would be the generated METHOD_NAMES and METHOD_STRUCTS: they
  # become METHOD_NAMES_ and METHOD_STRUCTS_.
  names @0 () -> (names :List(Text));
  structs @1 () -> ();
}
