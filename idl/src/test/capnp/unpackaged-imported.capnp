# A file without $Java.package: its outer class UnpackagedImported is in the unnamed package,
# where no reference can qualify it (see unpackaged.capnp).
@0xf1e2d3c4b5a69788;

struct Thing {
  value @0 :Int32;
}
