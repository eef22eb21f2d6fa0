# The name service: paths such as /dev/disk0 bound to instances, aliases and directories.
#
# Written from the caller's side. A caller holds a NameService capability for one directory
# subtree (the kernel holds the root, "/"), with some of the rights lookup, list, watch, bind,
# unbind and instances (see Rights). Anyone connected to a kernel gets the root with lookup,
# list and watch (`Kernel.names`); its administrator gets bind and unbind too
# (`KernelAdmin.names`); instances is the kernel's own. Every name a call takes is a full path ("/dev/disk0") that must lie under the
# capability's directory; a name outside it, or a call the capability's rights do not include,
# fails with an exception of type `failed` naming the path and the directory, and changes
# nothing. `directory` hands out a capability for a subtree with fewer rights; none can be
# widened. Resolving a name gives the caller the entry, whose `publishedCap` is all the
# authority over the instance a resolver receives.
#
# Expected outcomes (a name not found, a name that exists) are results: `status` says which,
# `message` says it in a sentence naming the path. Malformed names are exceptions (`failed`).
@0xc672f66355c1cb97;

using Java = import "/capnp/java.capnp";
$Java.package("corral.classes");
$Java.outerClassname("NamingSchema");

interface NameService {
  lookup @0 (name :Text) -> (result :Result, resolved :Text, node :Node);
  # What `name` resolves to, following aliases at any segment: `found` with the path it
  # resolved to and its node (an entry or a directory), or notFound / notDirectory / aliasLoop
  # / aliasTooDeep. Needs the lookup right.

  list @1 (name :Text) -> (result :Result, resolved :Text, children :List(Child));
  # The names in the directory `name` (following aliases to reach it), in order: `listed`, or
  # as lookup. Aliases among the children are shown, not followed. Needs the list right.

  bind @2 (name :Text, entry :Entry) -> (result :Result);
  # Binds `name` to `entry`, making missing directories above it: `done` with the revision of
  # the change once it is durable, or exists / notDirectory. Needs the bind and instances rights.

  rebind @3 (name :Text, entry :Entry) -> (result :Result);
  # Binds `name`, replacing the entry or alias there (never a directory). Needs the bind and
  # instances rights.

  unbind @4 (name :Text) -> (result :Result);
  # Removes an entry, an alias or an empty directory: `done`, notFound or notEmpty. Needs the
  # unbind right, and instances too for an entry (an administrator unplugs an instance instead).

  alias @5 (name :Text, target :Text) -> (result :Result);
  # Binds `name` as an alias to `target` (which need not exist, and may lie outside this
  # directory): `done`, exists, notDirectory, aliasLoop or aliasTooDeep. Needs the bind right.

  directory @6 (name :Text, rights :Rights) -> (directory :NameService);
  # A capability for the subtree at `name` (under this one's) with `rights`, each of which this
  # capability must hold too.

  watch @7 (prefix :Text, afterRevision :UInt64) -> (result :Result, watch :Watch);
  # The changes to `prefix` and every name under it with a revision after `afterRevision`, in
  # order: `watching` and the stream, or futureRevision when the namespace has not reached
  # `afterRevision` yet. Start from `result.revision` of any call (or 0: from the oldest change
  # the store keeps); a watcher that lost its stream starts a new one after the revision of the
  # last message it took and misses nothing. Aliases under the prefix are reported, not
  # followed. Needs the watch right.

  revision @8 () -> (revision :UInt64);
  # The revision of the last change: where a watch of what happens from now on starts.
}

interface Watch {
  # An ordered stream of changes; drop the capability to end it.

  next @0 (maxMessages :UInt32, waitMillis :UInt32) -> (messages :List(WatchMessage));
  # Up to `maxMessages` (1 to 10,000) next messages, waiting up to `waitMillis` (at most 60,000)
  # for the first: empty when none came in that time. One call at a time. Fails disconnected
  # when the namespace's store is closed or lost (a ZooKeeper session that ended): watch again
  # from the last revision taken.
}

struct WatchMessage {
  revision @0 :UInt64;
  # The revision a watcher has seen once it took this message.
  union {
    event @1 :Event;
    snapshot @2 :List(Named);
    # Every name under the prefix as of `revision`: sent, in place of the events it can no longer
    # have, to a watcher that asked for changes older than the store keeps (or fell that far
    # behind); the events after `revision` follow.
  }
}

struct Event {
  kind @0 :EventKind;
  path @1 :Text;
  node @2 :Node;
  # What is bound at `path` after the change; not set for `unbound`.
}

enum EventKind {
  bound @0;
  # A name was bound (an entry or an alias) where there was none.
  unbound @1;
  # The name is gone (unbound, unplugged, or its kernel's ZooKeeper session ended).
  rebound @2;
  # The name now holds a different entry or alias.
  down @3;
  # The same entry, now down: its host is being restarted.
  up @4;
  # The same entry, up again.
  failed @5;
  # The same entry, failed: its supervisor gave up.
}

struct Named {
  path @0 :Text;
  node @1 :Node;
}

struct Rights {
  lookup @0 :Bool;
  list @1 :Bool;
  bind @2 :Bool;
  # Binding names (`alias`; entries need `instances` too) and the directories above them.
  unbind @3 :Bool;
  # Unbinding aliases and empty directories (entries need `instances` too).
  watch @4 :Bool;
  instances @5 :Bool;
  # Binding, replacing and unbinding instance entries: the kernel's, which keeps them in step
  # with its instances (plug, unplug, swap, restarts).
}

struct Result {
  status @0 :Status;
  message @1 :Text;
  # A sentence for a user, naming the path and what was wrong (or done).
  revision @2 :UInt64;
  # For `done`: the revision of the change; otherwise the revision of the namespace read before
  # answering (a watch after it misses nothing that came later).
}

enum Status {
  done @0;
  found @1;
  listed @2;
  notFound @3;
  exists @4;
  notDirectory @5;
  # A name on the way (or the name, for list) is an entry or, for a bind, an alias.
  notEmpty @6;
  aliasLoop @7;
  aliasTooDeep @8;
  watching @9;
  futureRevision @10;
}

struct Child {
  name @0 :Text;
  # The last segment.
  node @1 :Node;
}

struct Node {
  union {
    directory @0 :Void;
    entry @1 :Entry;
    alias @2 :Text;
    # The alias's target path.
  }
}

struct Entry {
  instanceId @0 :UInt64;
  interfaces @1 :List(Text);
  # Schema names of the interfaces the instance serves.
  driver @2 :Text;
  kernel @3 :Text;
  host @4 :Text;
  # Where the instance is served: its kernel and its driver host.
  state @5 :State;
  publishedCap @6 :Text;
  # The text form (corral1:...) of the rights anyone who resolves the name receives; empty for
  # none. A bearer secret: callers must not log it.
}

enum State {
  up @0;
  down @1;
  failed @2;
}
