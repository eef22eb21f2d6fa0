package corral.runtime.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.cap.authority.FileAuditTrail;
import corral.runtime.cap.keyring.HostKeyring;
import corral.runtime.testing.LogCapture;
import corral.runtime.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** A host's keyring verifies like the authority, for the instances it was given only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostKeyringTest {
  static final long IFACE = 0x1234_5678_9abc_def0L;

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  CapabilityAuthority authority;
  FileAuditTrail hostAudit;
  HostKeyring keyring;
  final List<Revocation> heard = new ArrayList<>();
  long mine;
  long theirs;

  @BeforeEach
  void start() throws Exception {
    authority = CapabilityAuthority.open(tmp.resolve("state"), clock);
    hostAudit = new FileAuditTrail(tmp.resolve("host-audit.log"), clock);
    keyring = new HostKeyring(clock, hostAudit);
    keyring.addRevocationListener(heard::add);
    mine = authority.createInstance();
    theirs = authority.createInstance();
    authority.attachHost(mine, keyring);
  }

  @AfterEach
  void stop() throws Exception {
    hostAudit.close();
    authority.close();
  }

  Capability mint(long instance, int... methods) {
    return authority.mint(instance, List.of(Grant.of(IFACE, methods)));
  }

  static void assertRefused(CapabilityVerifier v, Capability cap) {
    assertEquals(Restoration.Refused.REFUSED, v.restore(cap.toText()));
  }

  @Test
  void aKeyringAcceptsWhatTheAuthorityAcceptsForItsInstanceWithTheSameRights() {
    Capability root = mint(mine, 0, 1, 2);
    Capability child =
        root.derive(new Caveat.Allow(List.of(Grant.of(IFACE, 1))))
            .derive(new Caveat.ExpiresAt(clock.instant().plusSeconds(60)));
    for (Capability c : List.of(root, child)) {
      Restoration host = keyring.restore(c.toText());
      assertInstanceOf(Restoration.Restored.class, host);
      assertEquals(authority.restore(c.toText()), host);
    }
    clock.advance(Duration.ofSeconds(60));
    assertRefused(keyring, child);
  }

  @Test
  void aKeyringRefusesCapsOfInstancesItWasNotGiven() throws Exception {
    Capability other = mint(theirs, 0);
    assertInstanceOf(Restoration.Restored.class, authority.restore(other.toText()));
    assertRefused(keyring, other);
    try (CapabilityAuthority stranger =
        CapabilityAuthority.open(tmp.resolve("other-state"), clock)) {
      long id = stranger.createInstance();
      assertRefused(keyring, stranger.mint(id, List.of(Grant.of(IFACE, 0))));
    }
    assertEquals(Set.of(mine), keyring.instances());
    assertFalse(keyring.holds(theirs));
  }

  @Test
  void everyBadCapGetsTheOneRefusal() {
    Capability ok = mint(mine, 0);
    String text = ok.toText();
    assertEquals(Restoration.Refused.REFUSED, keyring.restore("not a capability"));
    assertEquals(
        Restoration.Refused.REFUSED, keyring.restore(text.substring(0, text.length() / 2)));
    // Every single-bit flip of the MAC, and of the nonce.
    byte[] mac = ok.macBytes();
    for (int bit = 0; bit < mac.length * 8; bit++) {
      byte[] flipped = mac.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertRefused(keyring, new Capability(mine, ok.nonce(), ok.grants(), ok.caveats(), flipped));
    }
    for (int bit = 0; bit < 64; bit++) {
      assertRefused(
          keyring, new Capability(mine, ok.nonce() ^ (1L << bit), ok.grants(), ok.caveats(), mac));
    }
    // And every bit of the text form.
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length * 7; i++) {
      char[] c = chars.clone();
      c[i / 7] ^= (char) (1 << (i % 7));
      assertEquals(Restoration.Refused.REFUSED, keyring.restore(new String(c)), "text bit " + i);
    }
    assertInstanceOf(Restoration.Restored.class, keyring.restore(text));
  }

  @Test
  void aRevokedCapAndItsDescendantsAreRefusedButItsSiblingsAreNot() {
    Capability parent = mint(mine, 0, 1);
    Capability child = parent.derive(new Caveat.Allow(List.of(Grant.of(IFACE, 0))));
    Capability sibling = mint(mine, 0, 1);
    assertTrue(authority.revoke(parent));
    assertRefused(keyring, parent);
    assertRefused(keyring, child);
    assertInstanceOf(Restoration.Restored.class, keyring.restore(sibling.toText()));
    assertEquals(List.of(new Revocation.OfCap(mine, parent.id())), heard);
  }

  @Test
  void aRotationReachesTheKeyringWithTheNewSecret() {
    Capability before = mint(mine, 0);
    authority.revokeAll(mine);
    assertRefused(keyring, before);
    Capability after = mint(mine, 0);
    assertInstanceOf(Restoration.Restored.class, keyring.restore(after.toText()));
    assertEquals(List.of(new Revocation.OfInstance(mine)), heard);
  }

  @Test
  void aHostThatDoesNotRunAnInstanceIsNeverToldItsSecretOrRevocations() {
    List<String> told = new ArrayList<>();
    HostUpdates spy = new RecordingHost(told);
    authority.attachHost(theirs, spy);
    told.clear();
    authority.revoke(mint(mine, 0));
    authority.revokeAll(mine);
    authority.destroyInstance(mine);
    assertEquals(List.of(), told, "events of an instance it does not run");
    authority.revokeAll(theirs);
    assertEquals(List.of("rekeyed " + Capability.hexId(theirs)), told);
  }

  @Test
  void attachingGivesTheCurrentRevocationsFirst() {
    Capability revoked = mint(theirs, 0);
    assertTrue(authority.revoke(revoked));
    HostKeyring late = new HostKeyring(clock, hostAudit);
    authority.attachHost(theirs, late);
    assertRefused(late, revoked);
    assertInstanceOf(Restoration.Restored.class, late.restore(mint(theirs, 0).toText()));
  }

  @Test
  void aDetachedKeyringHearsNothingMore() {
    HostKeyring other = new HostKeyring(clock, hostAudit);
    HostUpdates.Attachment a = authority.attachHost(theirs, other);
    a.close();
    a.close();
    authority.revokeAll(theirs);
    assertRefused(other, mint(theirs, 0));
  }

  @Test
  void destroyingAnInstanceOrForgettingItEmptiesTheKeyring() {
    Capability cap = mint(mine, 0);
    authority.destroyInstance(mine);
    assertRefused(keyring, cap);
    assertTrue(keyring.instances().isEmpty());
    assertEquals(List.of(new Revocation.OfInstance(mine)), heard);

    HostKeyring other = new HostKeyring(clock, hostAudit);
    authority.attachHost(theirs, other);
    other.forget(theirs);
    assertRefused(other, mint(theirs, 0));
  }

  @Test
  void aNewSecretForAnInstanceNotRunHereIsIgnored() {
    try (LogCapture logs = LogCapture.of("corral.runtime.cap.keyring")) {
      keyring.rekeyed(authority.secretOf(theirs).orElseThrow());
      assertEquals(
          List.of(
              "ignored a new secret for instance " + Capability.hexId(theirs) + ", not run here"),
          logs.messages(Level.WARN));
    }
    assertFalse(keyring.holds(theirs));
    assertRefused(keyring, mint(theirs, 0));
  }

  @Test
  void attachingAnUnknownInstanceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> authority.attachHost(42, keyring));
  }

  @Test
  void secretsAppearInNoStringNorTheHostsAuditLog() throws Exception {
    Capability cap = mint(mine, 0);
    keyring.restore(cap.derive(new Caveat.ExpiresAt(clock.instant())).toText()); // refused, audited
    authority.revoke(cap);
    authority.revokeAll(mine);
    hostAudit.flush(Duration.ofSeconds(10));
    byte[] secret = authority.secretOf(mine).orElseThrow().bytes();
    String log = Files.readString(tmp.resolve("host-audit.log"));
    assertTrue(log.contains("expired"), log);
    for (String shown :
        List.of(keyring.toString(), log, authority.secretOf(mine).orElseThrow().toString())) {
      assertFalse(shown.contains(Base64.getEncoder().encodeToString(secret)), shown);
      assertFalse(shown.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
      assertFalse(shown.contains(HexFormat.of().formatHex(secret)), shown);
    }
  }

  /** A host that writes down what it is told (never a secret's bytes: only the instance). */
  record RecordingHost(List<String> told) implements HostUpdates {
    @Override
    public void serving(InstanceSecret secret, Set<CapId> revoked) {
      told.add("serving " + Capability.hexId(secret.instanceId()));
    }

    @Override
    public void revoked(Revocation.OfCap revocation) {
      told.add("revoked " + revocation);
    }

    @Override
    public void rekeyed(InstanceSecret newSecret) {
      told.add("rekeyed " + Capability.hexId(newSecret.instanceId()));
    }

    @Override
    public void destroyed(long instanceId) {
      told.add("destroyed " + Capability.hexId(instanceId));
    }
  }
}
