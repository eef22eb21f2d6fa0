# Names that would clash with Java or with the generated shape, for the mangling rules in
# idl/README.md.
@0xcfd4ecb101c20edd;

using Java = import "/capnp/java.capnp";
$Java.package("corral.idl.conformance");
$Java.outerClassname("Mangling");

struct Keywords {
  class @0 :Int32;
  new @1 :Text;
  default @2 :Bool = true;
  hashCode @3 :UInt8;
  int @4 :Float32;
  which @5 :Int16;
  union {
    package @6 :Void;
    interface @7 :Int32;
    notInSchema @8 :Text;
  }
  struct Reader {
    value @0 :Int32;
  }
  struct Builder {
    value @0 :Int32;
  }
  enum Which {
    a @0;
  }
  struct Factory {
    keywords @0 :Keywords;
  }
  reader @9 :Reader;
  builder @10 :Builder;
  whichEnum @11 :Which = a;
  factory @12 :Factory;
  const typeId :Int32 = 1;
  const structSize :Int32 = 2;
}

struct Mangling {
  # A struct named like the outer class.
  value @0 :Int32;
}

enum Words {
  values @0;
  valueOf @1;
  fromCode @2;
  listFactory @3;
  ordinal @4;
}

struct Group {
  which :group {
    value @0 :Int32;
  }
  words @1 :Words = values;
}
