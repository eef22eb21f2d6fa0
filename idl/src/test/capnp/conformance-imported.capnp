# A second file: imported by conformance.capnp, and without $Java.outerClassname, so that its
# outer class is named after the file (ConformanceImported).
@0xc7c29ef8919ede9b;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.conformance");

struct Imported {
  id @0 :UInt32 = 42;
  name @1 :Text;
}
