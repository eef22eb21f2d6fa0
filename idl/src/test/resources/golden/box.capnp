# A generic struct, a brand and constants.
@0xc20d00bce9db4651;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.golden");

struct Box(T) {
  value @0 :T;
  count @1 :UInt16;
}

struct Shelf {
  books @0 :Box(Text);
  nested @1 :Box(Box(Data));
}

const answer :UInt64 = 42;
const greeting :Text = "hello";
const defaultShelf :Shelf = (books = (value = "none", count = 1));
