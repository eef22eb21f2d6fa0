@0xcc1b101ed91fc314;
# The kernel's interfaces: the one door every client comes through (`Kernel`, the bootstrap of
# the kernel's socket), what its admin cap opens (`KernelAdmin`), and the private control channel
# between the kernel and each driver host it starts (`HostRegistry`, `HostControl`).
#
#   client ──restore(cap)──▶ Kernel ──(relays)──▶ driver host's Restorer ──▶ gate ──▶ driver
#          ──locate(cap)───▶ Kernel: "unix:/…/hosts/h1.sock" ──▶ the client connects there itself
#                                                                 and restores the same cap (one hop)
#   kernel ──starts──▶ host JVM ──hello(launch secret, control)──▶ HostRegistry (control socket)
#   kernel ──create / revoked / rekeyed / destroy / ping──▶ HostControl (in the host)
#
# Comments are written from the caller's side. Every failure is a Cap'n Proto exception of kind
# `failed` whose reason names what was wrong with the offending values ("no driver named
# 'ramdsk'; drivers: null, ramdisk"); a host that died under a call gives `disconnected`.

using Java = import "/capnp/java.capnp";
$Java.package("corral.classes");
$Java.outerClassname("KernelSchema");

using Naming = import "naming.capnp";

interface Kernel {
  # The bootstrap interface of the kernel's socket (`corral kernel --listen`, env CORRAL_KERNEL).
  # Anyone who can reach the socket may call it; what they can do depends only on the caps they
  # present.

  restore @0 (cap :Text) -> (ref :Capability);
  # Presents `cap` (text form `corral1:...`) and returns a live reference to its instance, gated
  # by the cap's methods. For a driver instance the reference is relayed by the kernel to the
  # instance's host, which checks the cap itself and gates every call; a client that can connect
  # to the host should prefer `locate` (one hop, the kernel off the data path). The admin cap
  # (`STATE/admin.cap`) restores to the kernel's own `KernelAdmin`. A forged, altered, expired or
  # revoked cap, or one of an instance that is not plugged, fails with the one reason
  # "capability refused".

  locate @1 (cap :Text) -> (address :Text, instanceId :UInt64);
  # Where the instance of `cap` is served: the address of its driver host's socket, whose
  # bootstrap is a `Restorer` (cap.capnp) that restores the same cap; empty when the kernel serves
  # the instance itself (the admin instance: use `restore`). Refused exactly as `restore` is.
  # The address changes when the host is restarted; locate again after a `disconnected`.

  names @2 () -> (names :Naming.NameService);
  # The kernel's namespace, from the root, with the rights lookup, list and watch: what anyone
  # may do. Resolving a name gives its entry, whose published cap (if any) is the only authority
  # over the instance a resolver receives: `restore` it.
}

struct Setting {
  # One configuration value, as the user wrote it (`--set size=64M`): validated by the kernel
  # against the driver's descriptor before anything is created.
  key @0 :Text;
  value @1 :Text;
}

struct ConfigKey {
  # One configuration key a driver declares.
  key @0 :Text;
  type @1 :Text;
  # "bytes" (4096, 64K, 64M, 1G), "integer", "boolean" (true/false), "text".
  default @2 :Text;
  # The value when the key is not set; empty with `required`.
  required @3 :Bool;
  help @4 :Text;
  # What the key means, its unit and its valid range.
}

struct DriverInfo {
  # A driver (component class) the kernel can plug.
  name @0 :Text;
  summary @1 :Text;
  interfaces @2 :List(Text);
  # The interfaces its instances offer: "Block (0x…)".
  config @3 :List(ConfigKey);
  resources @4 :List(Text);
  # Register windows and event lines an instance needs, as "window NAME" / "event NAME".
  source @5 :Text;
  # Where it was found: the jar, or "class path".
}

struct InstanceInfo {
  # A plugged instance and the name bound to it.
  name @0 :Text;
  instanceId @1 :UInt64;
  driver @2 :Text;
  host @3 :Text;
  # The id of the host running it ("h1", or the group's name).
  state @4 :Text;
  # "running", "restarting" (its host is being restarted), "failed" (restart budget spent).
  settings @5 :List(Setting);
  # Its configuration, every key of the driver, defaults filled in.
}

struct HostInfo {
  # A driver host JVM.
  id @0 :Text;
  group @1 :Text;
  # The group it serves (`--group`); empty for a host of one instance.
  pid @2 :Int64;
  # Its process id; 0 while it is not running.
  state @3 :Text;
  # "starting", "running", "restarting", "failed".
  restarts @4 :UInt32;
  # How often the supervisor restarted it.
  address @5 :Text;
  # Its socket (see `Kernel.locate`).
  instances @6 :List(Text);
  # The names of the instances it runs.
}

interface KernelAdmin {
  # What the admin cap opens (`Kernel.restore(STATE/admin.cap)`). Each method changes or reads the
  # kernel's device manager; changes are all-or-nothing: a refused plug leaves no host, instance,
  # name or secret behind.

  plug @0 (driver :Text, name :Text, group :Text, settings :List(Setting),
           jvmOptions :List(Text), restartBudget :UInt32)
       -> (cap :Text, instanceId :UInt64, host :Text);
  # Creates an instance of `driver` with `settings` (validated first: unknown keys, values of the
  # wrong type or out of range and missing required keys are refused, naming the key), in the
  # host of `group` (started if not running; empty `group`: a host of its own), binds `name` to
  # it and returns its owner cap, granting every method of every interface it offers. Fails if
  # `name` is bound, the driver is unknown, its constructor throws (with its message), or its
  # host cannot start (with the end of the host's log).
  #
  # `jvmOptions` (`-X…`, `-XX:…`, `-D…` only: a heap limit, a GC) and `restartBudget` (restarts
  # allowed in 10 minutes; 0: the kernel's default, 5) apply to the host this plug starts; a plug
  # into a running group host that gives either fails, since the host's were set by its first plug.

  unplug @1 (name :Text) -> ();
  # Runs the instance's stop hooks, unbinds `name`, revokes every cap of the instance (live
  # references fail from the next call) and stops its host if no instance is left in it. Fails if
  # `name` is not bound.

  drivers @2 () -> (drivers :List(DriverInfo));
  # Every driver the kernel found, by name.

  instances @3 () -> (instances :List(InstanceInfo));
  # Every plugged instance, by name.

  hosts @4 () -> (hosts :List(HostInfo));
  # Every driver host, by id.

  ownerCap @5 (name :Text) -> (cap :Text);
  # A fresh owner cap of the instance bound to `name` (every method), for an administrator who
  # holds no cap of it: `corral call NAME` and `corral grant NAME` use it. Fails if `name` is not
  # bound.

  revoke @6 (cap :Text) -> (revoked :Bool);
  # Revokes `cap` and every cap derived from it; live references made from them stop working
  # (on the direct path too: the host is told). False when the cap was not genuine or current,
  # which changes nothing.

  revokeAll @7 (name :Text) -> (cap :Text);
  # Revokes every cap of the instance bound to `name` (its secret is rotated); returns a new
  # owner cap, the only cap of it that now works.

  swap @8 (name :Text, driver :Text, settings :List(Setting)) -> (host :Text);
  # Replaces the instance bound to `name` by one of `driver` with `settings` (validated first),
  # keeping its identity: the same instance id and secret, so every cap of it stays valid. The old
  # instance stops taking calls, hands its state to the new one (what its driver gave
  # `DriverContext.handOver`), and is stopped; the new one starts in a host of its own (or in the
  # same group host). Live references to the old instance fail `disconnected` from then on:
  # restore the cap again to reach the new one. If the new instance fails to start, the old
  # driver is started again in its place (without its state) and the call fails saying why.

  attach @9 (model :Text, id :Text, settings :List(Setting), resources :List(DeviceResource))
      -> (id :Text, name :Text, driver :Text, directory :Text);
  # A device of `model` arrives on the simulated bus, with `settings` as its properties (passed to
  # the driver as configuration) and `resources`, the register windows and event lines it has.
  # The kernel creates each resource in `directory` (`STATE/devices/ID/`): a window `W` as the
  # file `W` of its length, zeroed; an event line `L` as the doorbell `L.bell`, with the driver's
  # host listening on `L.sock` for the device model's wake-ups once the instance runs. The device
  # model (another process) maps and drives those files; the kernel names them `ID/W` and `ID/L`.
  # The first driver, by name, with a match rule for `model` is plugged under the rule's name
  # template, `{n}` the lowest number not bound (`/dev/null{n}` → `/dev/null0`); each resource the
  # driver declares is granted the device's resource of the same name unless `settings` names
  # another. `id` names the device on the bus (empty: model + a number). Fails, creating and
  # plugging nothing, when no driver matches, the id is taken, a resource is malformed, or the
  # plug fails.

  detach @10 (id :Text) -> (name :Text);
  # The device `id` leaves the bus: the instance plugged for it is unplugged. Fails if no device
  # of that id is attached.

  names @11 () -> (root :Naming.NameService);
  # The namespace from the root with the rights lookup, list, watch, bind and unbind: aliases and
  # directories are the administrator's to make and remove; entries are the kernel's (plug,
  # unplug, swap and the supervisor change them).

  publish @12 (name :Text, cap :Text) -> (revision :UInt64);
  # Makes `cap` (a genuine, current cap of the instance bound to `name`, usually narrowed with
  # `corral grant`) the name's published cap: everyone who resolves `name` receives it. The cap
  # published before, if any, is revoked. An empty `cap` withdraws the published cap (revoking
  # it). Returns the namespace's revision of the change. Fails if `name` is not an entry of this
  # kernel (an alias: publish its target) or the cap is not one of its instance.
}

interface HostRegistry {
  # The bootstrap of the kernel's control socket (`STATE/control.sock`, owner-only). Only driver
  # hosts the kernel started call it, once each, right after they start.

  hello @0 (hostId :Text, launchSecret :Data, address :Text, control :HostControl) -> ();
  # The host `hostId` is ready: it serves its `Restorer` at `address` and takes orders through
  # `control`. `launchSecret` is the one-time secret the kernel gave the host on its standard
  # input; a wrong, reused or late secret is refused ("unknown launch") and the host must exit.
}

struct DeviceResource {
  # A register window or event line of a device on the simulated bus.
  name @0 :Text;
  # Its name on the device (`regs`, `irq`): letters, digits, `_` and `-`.
  length @1 :UInt64;
  # A window's length in bytes (1 to 1 GiB); 0 for an event line.
}

struct NewInstance {
  # What a host needs to run one instance.
  instanceId @0 :UInt64;
  driver @1 :Text;
  name @2 :Text;
  settings @3 :List(Setting);
  # Already validated by the kernel, every key present.
  jar @4 :Text;
  # The driver's jar (loaded in a class loader of its own); empty when it is on the host's class
  # path.
  secret @5 :Data;
  # The instance's 32-byte secret, for the host's keyring: it never leaves the host.
  revoked @6 :List(Data);
  # The ids (16 bytes each) of the instance's revoked caps.
  handOver @7 :Data;
  # State handed over by the instance this one replaces (swap), or empty.
  windows @8 :List(WindowGrant);
  # The register windows granted to the instance: exactly those its configuration names.
  events @9 :List(EventGrant);
  # The event lines granted to the instance: exactly those its configuration names.
}

struct WindowGrant {
  # A register window granted to one instance: `length` bytes of `file` from `base`, which the
  # host maps (and nothing more of the file) and hands to the driver under `name`.
  name @0 :Text;
  # The driver's name for the window (its descriptor's resource, and configuration key).
  resource @1 :Text;
  # The kernel's name for it ("scratch0/regs"), for messages.
  file @2 :Text;
  base @3 :UInt64;
  length @4 :UInt64;
}

struct EventGrant {
  # An event line granted to one instance: the host listens on `socket` for the device model's
  # wake bytes and drains the doorbell in `doorbell`, handing events to the driver under `name`.
  name @0 :Text;
  resource @1 :Text;
  doorbell @2 :Text;
  socket @3 :Text;
}

interface HostControl {
  # A driver host's side of its control channel, called by the kernel only.

  create @0 (instance :NewInstance) -> ();
  # Constructs the driver's instance with its context and starts serving it: caps of it restore
  # at the host's address from when this returns. Fails, keeping nothing of the instance, when
  # the driver is not found or its constructor throws ("driver ramdisk failed to start
  # /dev/disk0: ...").

  destroy @1 (instanceId :UInt64) -> (handOver :Data);
  # Stops the instance: its stop hooks run (newest first), its memory is released, its secret is
  # forgotten and its live references fail from the next call. `handOver` is the state its driver
  # offers a successor (`DriverContext.handOver`), empty if none. Does nothing for an unknown id.

  revoked @2 (instanceId :UInt64, capId :Data) -> ();
  # The cap with this id (and everything derived from it) is revoked.

  rekeyed @3 (instanceId :UInt64, secret :Data) -> ();
  # Every cap of the instance is revoked: `secret` replaces its secret.

  ping @4 () -> ();
  # The heartbeat: answered at once by a healthy host. The supervisor restarts a host that
  # leaves pings unanswered for 2 s.
}
