@0xec4034efecc4c91f;

struct Broken {
  a @0 :Int32;
  b @0 :Text;
}
