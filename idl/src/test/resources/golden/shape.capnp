# A union, a group and lists.
@0xec4034efecc4c91f;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.golden");

struct Shape {
  union {
    circle @0 :Float32;
    polygon :group {
      corners @1 :List(Int16);
      closed @2 :Bool = true;
    }
    empty @3 :Void;
  }
  tags @4 :List(Text) = ["a", "b"];
}
