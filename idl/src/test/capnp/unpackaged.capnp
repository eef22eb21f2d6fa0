# Uses a type of unpackaged-imported.capnp from inside a struct with a nested type named like that
# file's outer class: the nested type becomes UnpackagedImported_, or it would capture the
# reference UnpackagedImported.Thing (GeneratedCodeCompilesTest compiles it).
@0xe1d2c3b4a5968778;

using Imported = import "unpackaged-imported.capnp";

struct Holder {
  struct UnpackagedImported {
    flag @0 :Bool;
  }
  thing @0 :Imported.Thing;
  things @1 :List(Imported.Thing);
  own @2 :UnpackagedImported;
}
