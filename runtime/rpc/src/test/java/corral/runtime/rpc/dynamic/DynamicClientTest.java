package corral.runtime.rpc.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.reflect.DynamicList;
import corral.idl.reflect.DynamicStruct;
import corral.idl.reflect.InterfaceSchema;
import corral.idl.reflect.MethodSchema;
import corral.idl.reflect.SchemaRegistry;
import corral.idl.reflect.TextFormat;
import corral.idl.reflect.TextFormatException;
import corral.runtime.rpc.Pipeline;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.test.ArchiveSchema;
import corral.runtime.rpc.test.ArchiveSchema.Archive;
import corral.runtime.rpc.test.ArchiveSchema.Medium;
import corral.runtime.rpc.test.ArchiveSchema.Volume;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic calls over a real unix socket to a Java server of {@code archive.capnp}, each compared
 * with the same call made through the generated stub: the dynamic call's results text equals the
 * typed call's results printed through the same schema, so the parameters parsed from text are the
 * ones the typed builders wrote.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicClientTest {
  static final String VOLUME =
      "(label = \"t1\", medium = tape, geometry = (blocks = 1000), tags = [\"raw\", \"2026\"],"
          + " serial = \"\\x01\\xfe\", place = (shelved = (row = 3, slot = 4)),"
          + " health = (errors = 2, wear = 0.25))";

  @TempDir Path tmp;
  ArchiveServer server = new ArchiveServer("main");
  Vat serverVat;
  Vat clientVat;
  Vat.Listener listener;
  RpcConnection connection;
  InterfaceSchema schema;
  DynamicClient dynamic;
  Archive.Client typed;

  @BeforeEach
  void start() throws Exception {
    String address = "unix:" + tmp.resolve("archive.sock");
    serverVat = new Vat(1);
    clientVat = new Vat(1);
    listener = serverVat.listen(address, () -> Archive.Client.of(server));
    connection = clientVat.connect(address, null).get(10, TimeUnit.SECONDS);
    schema = new SchemaRegistry().addGenerated(ArchiveSchema.class).requireInterface("Archive");
    dynamic = new DynamicClient(connection.bootstrap(), schema);
    typed = new Archive.Client(connection.bootstrap());
  }

  @AfterEach
  void stop() {
    dynamic.close();
    typed.close();
    connection.close();
    listener.close();
    clientVat.close();
    serverVat.close();
  }

  /** The typed call's results, printed on one line through the method's results schema. */
  String printed(Pipeline<?> results, String method) {
    MethodSchema m = schema.requireMethod(method);
    try (results) {
      return TextFormat.printShort(DynamicStruct.read(results.untyped(), m.results()));
    }
  }

  /** The dynamic call's results on one line. */
  String called(String method, String arguments) {
    try (DynamicResults results = dynamic.call(method, arguments)) {
      return results.shortText();
    }
  }

  static void fillVolume(Volume.Builder v) {
    v.setLabel("t1");
    v.setMedium(Medium.TAPE);
    v.initGeometry().setBlocks(1000);
    var tags = v.initTags(2);
    tags.set(0, new org.capnproto.Text.Reader("raw"));
    tags.set(1, new org.capnproto.Text.Reader("2026"));
    v.setSerial(new byte[] {1, (byte) 0xfe});
    var place = v.getPlace().initShelved();
    place.setRow((short) 3);
    place.setSlot((short) 4);
    v.getHealth().setErrors(2);
    v.getHealth().setWear(0.25f);
  }

  @Test
  void storeTakesNestedStructsListsEnumsAUnionAGroupAndDataAsTheTypedCallDoes() {
    String dynamicText;
    try (DynamicResults results = dynamic.call("store", "(volume = " + VOLUME + ", copies = 2)")) {
      dynamicText = results.text();
    }
    String typedText =
        printed(
            typed.store(
                p -> {
                  fillVolume(p.initVolume());
                  p.setCopies((byte) 2);
                }),
            "store");

    assertEquals(
        "( id = 1,\n"
            + "  stored = (\n"
            + "    label = \"t1\",\n"
            + "    medium = tape,\n"
            + "    geometry = (blockSize = 512, blocks = 1000),\n"
            + "    tags = [\"raw\", \"2026\"],\n"
            + "    serial = \"\\001\\376\",\n"
            + "    place = (\n"
            + "      shelved = (row = 3, slot = 4) ),\n"
            + "    health = (errors = 2, wear = 0.25) ) )",
        dynamicText);
    assertEquals(
        called("store", "(volume = " + VOLUME + ", copies = 2)").replace("id = 3", "id = 2"),
        typedText);
  }

  @Test
  void findTakesAListOfEnumsAndReturnsAListOfStructsAsTheTypedCallDoes() {
    called("store", "(volume = " + VOLUME + ")");
    called("store", "(volume = (label = \"d1\", medium = disk, geometry = (blocks = 10)))");
    called("store", "(volume = (label = \"d2\", medium = disk, geometry = (blocks = 5000)))");

    String dynamicText = called("find", "(media = [disk, tape], minBlocks = 1000)");
    String typedText =
        printed(
            typed.find(
                p -> {
                  var media = p.initMedia(2);
                  media.set(0, Medium.DISK);
                  media.set(1, Medium.TAPE);
                  p.setMinBlocks(1000);
                }),
            "find");

    assertEquals(typedText, dynamicText);
    try (DynamicResults found = dynamic.call("find", "(media = [disk, tape], minBlocks = 1000)")) {
      DynamicList.Reader volumes = (DynamicList.Reader) found.struct().get("volumes");
      assertEquals(2, volumes.size());
      assertEquals("t1", ((DynamicStruct.Reader) volumes.get(0)).get("label"));
      assertEquals("d2", ((DynamicStruct.Reader) volumes.get(1)).get("label"));
    }
  }

  @Test
  void dataAndFloatsTravelAsTheTypedCallSendsThem() {
    assertEquals(
        printed(
            typed.checksum(
                p -> {
                  p.setData(new byte[] {0, 7, (byte) 0x80, '"', 'a'});
                  p.setSeed(1);
                }),
            "checksum"),
        called("checksum", "(data = \"\\x00\\x07\\x80\\\"a\", seed = 1)"));
    assertEquals(
        "(sum = 267, reversed = \"a\\\"\\200\\a\\000\")",
        called("checksum", "(data = 0x\"00 07 80 22 61\", seed = 1)"));

    String scaled = called("scale", "(factor = 0.5, values = [1, -3.5, 1e10])");
    assertEquals(
        printed(
            typed.scale(
                p -> {
                  p.setFactor(0.5);
                  var v = p.initValues(3);
                  v.set(0, 1f);
                  v.set(1, -3.5f);
                  v.set(2, 1e10f);
                }),
            "scale"),
        scaled);
    assertEquals("(values = [0.5, -1.75, 5e09], total = 4999999998.75)", scaled);
  }

  @Test
  void anInheritedMethodIsSentWithTheIdOfTheInterfaceThatDeclaresIt() {
    called("store", "(volume = (label = \"x\"))");

    assertEquals("(text = \"archive main of 1 volumes\", version = 3)", called("describe", "()"));
    assertEquals(called("describe", "()"), called("Described.describe", "()"));
    assertEquals(printed(typed.describe(), "describe"), called("describe", "()"));
  }

  @Test
  void aMethodWhoseResultsAreANamedStructReturnsThatStruct() {
    String echoed = called("echo", "(value = " + VOLUME + ")");

    assertEquals(printed(typed.echo(p -> fillVolume(p.initValue())), "echo"), echoed);
    try (DynamicResults stored = dynamic.call("store", "(volume = " + VOLUME + ")")) {
      assertEquals(stored.struct().get("stored").toString(), echoed);
    }
  }

  @Test
  void aCapabilityInTheResultsPrintsAsAPlaceholderAndIsReleasedWithTheResults() throws Exception {
    try (DynamicResults results = dynamic.call("branch", "(label = \"b\")")) {
      assertEquals("(archive = <external capability>, label = \"b\")", results.shortText());
      assertEquals(1, server.liveBranches.get());
    }
    assertTrue(
        server.releasedBranches.tryAcquire(10, TimeUnit.SECONDS),
        "the branch is released once the results are closed");
    assertEquals(0, server.liveBranches.get());
  }

  @Test
  void anUnknownMethodIsRefusedListingTheInterfacesMethods() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> dynamic.call("stor", "()"));

    assertEquals(
        "interface Archive has no method 'stor'; it has store, find, checksum, scale, branch,"
            + " refuse, echo, Described.describe",
        e.getMessage());
    assertEquals(0, server.calls.get());
  }

  @Test
  void badArgumentTextIsRefusedNamingTheFieldAndPositionAndNothingIsSent() {
    TextFormatException wrongType =
        assertThrows(
            TextFormatException.class,
            () -> dynamic.call("store", "(volume = (label = 5), copies = 1)"));
    assertEquals(
        "type mismatch for field 'label' of Volume: expected Text, found integer 5 at 1:20",
        wrongType.getMessage());
    assertEquals(1, wrongType.line());
    assertEquals(20, wrongType.column());

    TextFormatException unknown =
        assertThrows(TextFormatException.class, () -> dynamic.call("checksum", "(dta = \"x\")"));
    assertEquals("unknown field 'dta' in Archive.checksum$Params at 1:2", unknown.getMessage());

    TextFormatException tooBig =
        assertThrows(TextFormatException.class, () -> dynamic.call("store", "(copies = 256)"));
    assertEquals(
        "integer 256 is out of range for field 'copies' of Archive.store$Params (UInt8) at 1:11",
        tooBig.getMessage());
    assertEquals(0, server.calls.get(), "no call reached the server");
  }

  @Test
  void eachKindOfFailurePassesThroughUnchanged() throws Exception {
    for (RpcException.Kind kind : RpcException.Kind.values()) {
      String arguments = "(kind = " + kind.ordinal() + ", reason = \"no " + kind + "\")";
      RpcException e = assertThrows(RpcException.class, () -> dynamic.call("refuse", arguments));
      assertEquals(kind, e.kind());
      assertEquals("no " + kind, e.reason());

      RpcException sent =
          assertThrows(RpcException.class, () -> dynamic.send("refuse", arguments).join());
      assertEquals(kind, sent.kind());
    }
  }
}
