package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.cap.authority.FileAuditTrail;
import corral.runtime.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GateTest {
  static final long ADMIN = CapSchema.AuthorityAdmin.TYPE_ID;
  static final long OTHER = 0x1234L;

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  CapabilityAuthority authority;
  InterfaceCatalog catalog = InterfaceCatalog.ofGenerated(CapSchema.AuthorityAdmin.class);
  GateSet gates = new GateSet();
  long instance;
  Capability root;

  @BeforeEach
  void open() throws Exception {
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock);
    authority.addRevocationListener(gates);
    instance = authority.createInstance();
    root = authority.mint(instance, List.of(Grant.of(ADMIN, 0, 1, 2, 3), Grant.of(OTHER, 70)));
  }

  @AfterEach
  void close() throws Exception {
    authority.close();
  }

  Gate gateFor(Capability cap) {
    Gate g =
        new Gate(
            assertInstanceOf(Restoration.Restored.class, authority.restore(cap)),
            catalog,
            authority.audit());
    assertTrue(gates.add(g, gates.epoch()));
    return g;
  }

  @Test
  void aGatePassesExactlyTheGrantedMethods() {
    Gate g =
        gateFor(root.derive(new Caveat.Allow(List.of(Grant.of(ADMIN, 0, 2), Grant.of(OTHER, 70)))));
    assertTrue(g.permits(ADMIN, 0));
    assertFalse(g.permits(ADMIN, 1));
    assertTrue(g.permits(ADMIN, 2));
    assertFalse(g.permits(ADMIN, 3));
    assertFalse(g.permits(ADMIN, 64));
    assertFalse(g.permits(ADMIN, 65535));
    assertTrue(g.permits(OTHER, 70));
    assertFalse(g.permits(OTHER, 6));
    assertFalse(g.permits(0x999L, 0));
    assertEquals(Optional.empty(), g.check(ADMIN, 0));
  }

  @Test
  void aDeniedCallSaysTheMethodIsNotGrantedAndIsAudited() throws Exception {
    Gate g = gateFor(root.allowOnly(ADMIN, MethodSet.of(0)));
    CallDenied d = g.check(ADMIN, 2).orElseThrow();
    assertEquals(
        "method plug (@2) of interface 0x"
            + String.format("%016x", ADMIN)
            + " is not granted by the capability of this reference to instance "
            + Capability.hexId(instance),
        d.message());
    assertEquals(
        "method @5 of interface 0x0000000000001234 is not granted by the capability of this"
            + " reference to instance "
            + Capability.hexId(instance),
        g.check(OTHER, 5).orElseThrow().message());
    assertTrue(((FileAuditTrail) authority.audit()).flush(java.time.Duration.ofSeconds(10)));
    String audit =
        Files.readString(authority.stateDirectory().resolve(CapabilityAuthority.AUDIT_FILE));
    assertTrue(
        audit.contains("denied instance=" + Capability.hexId(instance) + " cap=" + g.capId()),
        audit);
  }

  @Test
  void liveReferencesMadeFromARevokedCapStopWorking() {
    Capability a = root.allowOnly(ADMIN, MethodSet.of(0, 1));
    Capability b = a.allowOnly(ADMIN, MethodSet.of(0));
    Gate ga = gateFor(a);
    Gate gb = gateFor(b);
    Gate groot = gateFor(root);
    authority.revoke(a);
    assertFalse(ga.permits(ADMIN, 0));
    assertFalse(gb.permits(ADMIN, 0));
    assertInstanceOf(CallDenied.ReferenceRevoked.class, gb.check(ADMIN, 0).orElseThrow());
    assertTrue(groot.permits(ADMIN, 0));
    authority.revokeAll(instance);
    assertFalse(groot.permits(ADMIN, 0));
  }

  @Test
  void aGateCheckedBeforeARevocationAndAddedAfterItIsRevoked() {
    Capability a = root.allowOnly(ADMIN, MethodSet.of(0, 1));
    Capability b = a.allowOnly(ADMIN, MethodSet.of(0));
    Capability unrelated = root.allowOnly(ADMIN, MethodSet.of(3));
    long before = gates.epoch();
    Restoration.Restored rb = (Restoration.Restored) authority.restore(b);
    Restoration.Restored rroot = (Restoration.Restored) authority.restore(root);
    // Revocations reach the set while the checked gates are on their way to it.
    assertTrue(authority.revoke(unrelated));
    assertTrue(authority.revoke(a));
    assertEquals(before + 2, gates.epoch());
    Gate gb = new Gate(rb, catalog, authority.audit());
    Gate groot = new Gate(rroot, catalog, authority.audit());
    assertFalse(gates.add(gb, before), "a gate of a cap derived from a revoked one");
    assertTrue(gb.isRevoked());
    assertTrue(gates.add(groot, before), "a gate the revocations do not concern");
    assertTrue(groot.permits(ADMIN, 0));
    assertEquals(1, gates.size());

    // Once more revocations were heard since the check than the set remembers, it cannot tell.
    long stale = gates.epoch();
    Restoration.Restored again = (Restoration.Restored) authority.restore(root);
    for (int i = 0; i <= GateSet.HISTORY; i++) {
      gates.revoked(new Revocation.OfInstance(0x77L));
    }
    Gate late = new Gate(again, catalog, authority.audit());
    assertFalse(gates.add(late, stale));
    assertTrue(late.isRevoked());
    assertTrue(gates.add(new Gate(again, catalog, authority.audit()), gates.epoch()));
  }

  @Test
  void theAuditLogRecordsGrantsRevocationsAndDenialsButNoSecrets() throws Exception {
    authority.revoke(root);
    authority.restore(root);
    assertTrue(((FileAuditTrail) authority.audit()).flush(java.time.Duration.ofSeconds(10)));
    String audit =
        Files.readString(authority.stateDirectory().resolve(CapabilityAuthority.AUDIT_FILE));
    assertTrue(
        audit.contains("minted instance=" + Capability.hexId(instance) + " cap=" + root.id()),
        audit);
    assertTrue(
        audit.contains("revoked instance=" + Capability.hexId(instance) + " cap=" + root.id()),
        audit);
    assertTrue(
        audit.contains("refused instance=" + Capability.hexId(instance) + " cap=" + root.id()),
        audit);
    assertFalse(audit.contains(root.toText().substring(8)), audit);
    String state =
        Files.readString(authority.stateDirectory().resolve(CapabilityAuthority.STATE_FILE));
    for (String line : state.split("\n")) {
      if (line.startsWith("instance ")) {
        assertFalse(audit.contains(line.split(" ")[2]), "secret in audit log");
      }
    }
  }
}
