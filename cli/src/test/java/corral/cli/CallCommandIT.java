package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.cli.CorralProcess.Result;
import corral.runtime.cap.Capability;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.MethodSet;
import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.test.ArchiveSchema.Archive;
import corral.runtime.rpc.test.ArchiveSchema.Described;
import corral.runtime.rpc.test.ArchiveSchema.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral call} run through the real launcher, against an archive ({@code archive.capnp})
 * served behind a {@link GatingRestorer} on a real unix socket: the cap is restored there and the
 * call goes through its gate.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CallCommandIT {
  static final Path ARCHIVE_SCHEMA =
      Path.of("..", "runtime", "rpc", "src", "test", "capnp", "corral", "archive.capnp")
          .toAbsolutePath()
          .normalize();

  @TempDir Path tmp;
  CapabilityAuthority authority;
  Vat vat;
  Vat.Listener listener;
  Client served;
  String address;
  Capability cap;

  /** The archive as far as these tests call it: keeps no volumes, echoes the one stored. */
  static final class Shelf extends Archive.Server {
    @Override
    protected void describe(
        Described.DescribeParams.Reader p, Described.DescribeResults.Builder r) {
      r.setText("shelf");
      r.setVersion((short) 1);
    }

    @Override
    protected void store(Archive.StoreParams.Reader p, Archive.StoreResults.Builder r) {
      r.setId(p.getCopies());
      r.setStored(p.getVolume());
    }

    @Override
    protected void branch(Archive.BranchParams.Reader p, Archive.BranchResults.Builder r) {
      r.setArchive(new Shelf());
      r.setLabel(p.getLabel());
    }

    @Override
    protected void refuse(Archive.RefuseParams.Reader p, Archive.RefuseResults.Builder r) {
      throw new RpcException(RpcException.Kind.fromCode(p.getKind()), p.getReason().toString());
    }

    @Override
    protected void echo(Archive.EchoParams.Reader p, Volume.Builder r) {
      r.setLabel(p.getValue().getLabel());
    }
  }

  @BeforeEach
  void serve() throws Exception {
    authority = CapabilityAuthority.open(tmp.resolve("state"), InstantSource.system());
    long instance = authority.createInstance();
    cap =
        authority.mint(
            instance,
            List.of(
                Grant.of(Archive.TYPE_ID, 0, 1, 2, 3, 4, 5, 6), Grant.of(Described.TYPE_ID, 0)));
    served = Archive.Client.of(new Shelf());
    GatingRestorer restorer =
        new GatingRestorer(
            authority,
            id -> id == instance ? Optional.of(served) : Optional.empty(),
            new GateSet(),
            InterfaceCatalog.ofGenerated(Archive.class, Described.class),
            authority.audit(),
            (at, task) -> () -> {});
    address = "unix:" + tmp.resolve("host.sock");
    vat = new Vat(1);
    listener = vat.listen(address, () -> corral.runtime.cap.CapSchema.Restorer.Client.of(restorer));
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    vat.close();
    served.close();
    authority.close();
  }

  Result call(String... args) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("call", "--cap", cap.toText(), "--address", address));
    all.addAll(List.of(args));
    return CorralProcess.run(all.toArray(String[]::new));
  }

  @Test
  void aCallWithACapnpSchemaPrintsItsResultsAsCapnpConvertDoes() throws Exception {
    Result r =
        call(
            "--schema",
            ARCHIVE_SCHEMA.toString(),
            "store",
            "(volume = (label = \"t1\", medium = tape, tags = [\"a\"], serial = \"\\x01\","
                + " place = (mounted = \"/mnt\")), copies = 3)");

    assertEquals(0, r.status(), r.err());
    assertEquals(
        "( id = 3,\n"
            + "  stored = (\n"
            + "    label = \"t1\",\n"
            + "    medium = tape,\n"
            + "    tags = [\"a\"],\n"
            + "    serial = \"\\001\",\n"
            + "    place = (mounted = \"/mnt\"),\n"
            + "    health = (errors = 0, wear = 0) ) )\n",
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void anInheritedMethodAndACapabilityInTheResultsAreCalledAndPrinted() throws Exception {
    Result described = call("--schema", ARCHIVE_SCHEMA.toString(), "describe");
    assertEquals(0, described.status(), described.err());
    assertEquals("(text = \"shelf\", version = 1)\n", described.out());

    Result branched = call("--schema", ARCHIVE_SCHEMA.toString(), "branch", "(label = \"b\")");
    assertEquals(0, branched.status(), branched.err());
    assertEquals("( archive = <external capability>,\n  label = \"b\" )\n", branched.out());
  }

  @Test
  void withJsonTheResultsPrintAsCapnpsJsonMapping() throws Exception {
    Result r =
        call(
            "--schema",
            ARCHIVE_SCHEMA.toString(),
            "--json",
            "store",
            "(volume = (label = \"t1\", serial = \"\\x01\\xff\", geometry = (blocks = 9)), copies = 2)");

    assertEquals(0, r.status(), r.err());
    assertEquals(
        "{\"id\":\"2\",\"stored\":{\"label\":\"t1\",\"medium\":\"disk\","
            + "\"geometry\":{\"blockSize\":512,\"blocks\":\"9\"},\"serial\":[1,255],"
            + "\"place\":{\"shelved\":{\"row\":0,\"slot\":0}},"
            + "\"health\":{\"errors\":0,\"wear\":0}}}\n",
        r.out());
  }

  @Test
  void theSchemaMayComeFromAJarOfGeneratedCode() throws Exception {
    Path jar = tmp.resolve("archive.jar");
    Path classes = Path.of("target", "test-classes");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes.resolve("corral/runtime/rpc/test"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        try (var in = Files.newInputStream(f)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }

    Result r = call("--schema", jar.toString(), "echo", "(value = (label = \"j\"))");

    assertEquals(0, r.status(), r.err());
    assertEquals(
        "( label = \"j\",\n  medium = disk,\n  place = (),\n"
            + "  health = (errors = 0, wear = 0) )\n",
        r.out());
  }

  @Test
  void badArgumentsAreRefusedPointingAtTheFieldAndNothingIsCalled() throws Exception {
    Result r =
        call(
            "--schema",
            ARCHIVE_SCHEMA.toString(),
            "store",
            "(volume = (label = \"x\", medum = tape))");

    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertEquals(
        "corral call: arguments of Archive.store: unknown field 'medum' in Volume at 1:25\n"
            + "  (volume = (label = \"x\", medum = tape))\n"
            + "                          ^\n",
        r.err());
  }

  @Test
  void anUnknownMethodIsRefusedListingWhatTheCapGrants() throws Exception {
    Result r = call("--schema", ARCHIVE_SCHEMA.toString(), "stor");

    assertEquals(1, r.status());
    assertEquals(
        "corral call: no interface the cap grants has a method 'stor'; it grants Archive (store,"
            + " find, checksum, scale, branch, refuse, echo, describe)\n",
        r.err());
  }

  @Test
  void theCalleesFailureIsReportedWithItsKind() throws Exception {
    Result r =
        call(
            "--schema",
            ARCHIVE_SCHEMA.toString(),
            "refuse",
            "(kind = 1, reason = \"the robot is busy\")");

    assertEquals(1, r.status());
    assertEquals("corral call: Archive.refuse failed: overloaded: the robot is busy\n", r.err());
  }

  @Test
  void aMethodTheCapDoesNotGrantIsDeniedByTheGate() throws Exception {
    cap = cap.allowOnly(Described.TYPE_ID, MethodSet.of(0));

    Result denied = call("--schema", ARCHIVE_SCHEMA.toString(), "--interface", "Archive", "store");
    assertEquals(1, denied.status());
    assertTrue(
        denied.err().startsWith("corral call: Archive.store failed: failed: method store (@0)"),
        denied.err());

    Result allowed = call("--schema", ARCHIVE_SCHEMA.toString(), "describe");
    assertEquals(0, allowed.status(), allowed.err());
    assertEquals("(text = \"shelf\", version = 1)\n", allowed.out());
  }

  @Test
  void withoutTheInterfacesSchemaTheCommandSaysWhichInterfaceItLacks() throws Exception {
    Result r = call("store");

    assertEquals(1, r.status());
    assertEquals(
        "corral call: the cap grants interfaces "
            + String.join(
                ", ", cap.grants().stream().map(g -> Capability.hexId(g.interfaceId())).toList())
            + ", which no schema declares; give the schema with --schema FILE.capnp (or the"
            + " driver's jar)\n",
        r.err());
  }

  @Test
  void aSchemaCapnpRejectsIsReportedWithCapnpsMessage() throws Exception {
    Path broken = tmp.resolve("broken.capnp");
    Files.writeString(broken, "@0xe9c80e0705e6d6a0;\nstruct S { x @0 :Nope; }\n");

    Result r = call("--schema", broken.toString(), "store");

    assertEquals(1, r.status());
    assertEquals(
        "corral call: --schema "
            + broken
            + ": capnp rejected the schema:\n"
            + broken
            + ":2:18-22: error: Not defined: Nope\n",
        r.err());
  }

  @Test
  void helpWorksWithoutTheRequiredArguments() throws Exception {
    Result r = CorralProcess.run("call", "--help");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("Usage: corral call "), r.out());
  }

  @Test
  void aCapTheAddressRefusesIsReportedBeforeAnyCall() throws Exception {
    try (CapabilityAuthority other =
        CapabilityAuthority.open(tmp.resolve("other"), InstantSource.system())) {
      cap = other.mint(other.createInstance(), List.of(Grant.of(Archive.TYPE_ID, 0)));
    }

    Result r = call("--schema", ARCHIVE_SCHEMA.toString(), "store");

    assertEquals(1, r.status());
    assertEquals(
        "corral call: restoring the cap at " + address + ": failed: capability refused\n", r.err());
  }

  @Test
  void anAddressNobodyListensOnIsNamed() throws Exception {
    address = "unix:" + tmp.resolve("nobody.sock");

    Result r = call("--schema", ARCHIVE_SCHEMA.toString(), "store");

    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("corral call: cannot connect to " + address + ": "), r.err());
  }

  @Test
  void anAddressOfAnUnknownFormIsRefusedSayingWhy() throws Exception {
    address = tmp.resolve("host.sock").toString();

    Result r = call("--schema", ARCHIVE_SCHEMA.toString(), "store");

    assertEquals(1, r.status());
    assertTrue(
        r.err().startsWith("corral call: --address " + address + ": address '" + address + "'"),
        r.err());
  }

  @Test
  void tooManyWordsAreAUsageError() throws Exception {
    Result r = call("store", "()", "extra");

    assertEquals(2, r.status());
    assertEquals(
        "corral call: with --cap, give METHOD ['(ARGS)'], not 3 words: [store, (), extra]\n"
            + "Try 'corral call --help' for more information.\n",
        r.err());
  }

  @Test
  void callingByNameSaysWhereItLookedForTheKernel() throws Exception {
    Path state = Files.createTempDirectory("corral-no-kernel");
    Result r = CorralProcess.run("call", "/dev/disk0", "info", "--state", state.toString());

    assertEquals(1, r.status());
    assertEquals(
        "corral call: no kernel is running at unix:"
            + state.resolve("kernel.sock")
            + " (from --state): there is no socket there; start one with 'corral kernel'\n",
        r.err());
  }
}
