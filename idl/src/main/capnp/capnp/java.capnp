# Annotations that steer Java code generation.
#
# The ids are the ones capnproto-java uses, so a schema written for capnproto-java
# (`using Java = import "/capnp/java.capnp";`) compiles unchanged with capnpc-corral.
@0xc5f1af96651f70ea;

annotation package @0x9ee4c8f803b3b596 (file) : Text;
# The Java package of the generated code, e.g. "org.example.disk". Without it, the code goes in
# the unnamed package.

annotation outerClassname @0x9b066bb4881f7cd3 (file) : Text;
# The class that wraps every declaration of the file. Without it, the file name in UpperCamelCase
# ("disk-block.capnp" -> DiskBlock).
