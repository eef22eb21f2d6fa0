# A point on a plane: a struct with defaults, an enum and doc comments.
@0xb0cd3948593ae732;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.golden");
$Java.outerClassname("PointSchema");

struct Point {
  # Where something is. Comments with <angle brackets>, @signs and */ stay javadoc-safe.
  x @0 :Int32;       # Across, in pixels.
  y @1 :Int32 = -1;  # Down, in pixels; -1 when unknown.
  label @2 :Text = "origin";
  unit @3 :Unit = px;
  visible @4 :Bool = true;
  scale @5 :Float64 = 1.5;

  enum Unit {
    px @0;
    em @1;  # Relative to the font size.
  }
}
