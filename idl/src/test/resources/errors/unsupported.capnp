@0xc20d00bce9db4651;

struct Box(T) {
  value @0 :T;
}

interface Service {
  ping @0 ();
}

struct Holder {
  boxed @0 :Box(Service);
}
