package corral.runtime.kernel;

import corral.classes.Calls;
import corral.classes.NamingSchema;
import corral.classes.NamingSchema.NameService;
import corral.classes.NamingSchema.Status;
import corral.runtime.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's side of the name service: the entries of its instances, kept in step with them
 * through the {@code NameService} interface (naming.capnp) of the root it was given, with every
 * right. The kernel does not know the store behind it (an embedded journal, ZooKeeper).
 *
 * <p>Each entry names this kernel ({@link #kernel()}, its client address) and the instance's host;
 * its state follows the instance: up, down while its host restarts, failed when the supervisor gave
 * up.
 */
final class Namespace implements AutoCloseable {
  private static final long CALL_SECONDS = 30;

  /** What the kernel writes into an entry. */
  record EntryInfo(
      long instanceId, List<String> interfaces, String driver, String host, String publishedCap) {}

  /** What a name is: its status, the service's sentence, and the entry found, if one was. */
  record Looked(Status status, String message, String resolved, Optional<Entry> entry) {
    boolean free() {
      return status == Status.NOT_FOUND;
    }
  }

  /** An entry as read: whose kernel and which instance. */
  record Entry(long instanceId, String driver, String kernel, String state, String publishedCap) {}

  private final NameService.Client root;
  private final String kernel;

  Namespace(NameService.Client root, String kernel) {
    this.root = root;
    this.kernel = kernel;
  }

  /** This kernel's name in entries: the address clients reach it on. */
  String kernel() {
    return kernel;
  }

  /** The root with every right (the kernel's own). */
  NameService.Client root() {
    return root;
  }

  /** A capability for the whole namespace with the given rights. */
  NameService.Client directory(boolean bind, boolean unbind) {
    try (var r =
        Calls.await(
            root.directory(
                p -> {
                  p.setName("/");
                  NamingSchema.Rights.Builder rights = p.initRights();
                  rights.setLookup(true);
                  rights.setList(true);
                  rights.setWatch(true);
                  rights.setBind(bind);
                  rights.setUnbind(unbind);
                }),
            CALL_SECONDS)) {
      return r.join().getDirectory().duplicate();
    }
  }

  /** What {@code name} resolves to (aliases followed). */
  Looked lookup(String name) {
    try (var r = Calls.await(root.lookup(p -> p.setName(name)), CALL_SECONDS)) {
      var res = r.join();
      Optional<Entry> entry = Optional.empty();
      if (res.getResult().getStatus() == Status.FOUND && res.getNode().isEntry()) {
        NamingSchema.Entry.Reader e = res.getNode().getEntry();
        entry =
            Optional.of(
                new Entry(
                    e.getInstanceId(),
                    e.getDriver().toString(),
                    e.getKernel().toString(),
                    e.getState().name().toLowerCase(java.util.Locale.ROOT),
                    e.getPublishedCap().toString()));
      }
      return new Looked(
          res.getResult().getStatus(),
          res.getResult().getMessage().toString(),
          res.getResolved().toString(),
          entry);
    }
  }

  /**
   * Binds {@code name} to an entry of this kernel.
   *
   * @throws RpcException (failed) with the service's sentence when the name is taken
   */
  long bind(String name, EntryInfo info, NamingSchema.State state) {
    try (var r =
        Calls.await(
            root.bind(
                p -> {
                  p.setName(name);
                  write(p.initEntry(), info, state);
                }),
            CALL_SECONDS)) {
      return done(r.join().getResult());
    }
  }

  /** Replaces the entry at {@code name} (a new driver or host, a state, a published cap). */
  long rebind(String name, EntryInfo info, NamingSchema.State state) {
    try (var r =
        Calls.await(
            root.rebind(
                p -> {
                  p.setName(name);
                  write(p.initEntry(), info, state);
                }),
            CALL_SECONDS)) {
      return done(r.join().getResult());
    }
  }

  /** Unbinds {@code name}; true if it was bound. */
  boolean unbind(String name) {
    try (var r = Calls.await(root.unbind(p -> p.setName(name)), CALL_SECONDS)) {
      NamingSchema.Result.Reader result = r.join().getResult();
      if (result.getStatus() == Status.NOT_FOUND) {
        return false;
      }
      done(result);
      return true;
    }
  }

  /** Every name under {@code dir} (itself included) bound to an entry served by this kernel. */
  List<String> ownEntries(String dir) {
    List<String> out = new ArrayList<>();
    try (var r = Calls.await(root.list(p -> p.setName(dir)), CALL_SECONDS)) {
      var res = r.join();
      if (res.getResult().getStatus() != Status.LISTED) {
        return out;
      }
      for (NamingSchema.Child.Reader c : res.getChildren()) {
        String path = (dir.equals("/") ? "" : dir) + "/" + c.getName();
        if (c.getNode().isDirectory()) {
          out.addAll(ownEntries(path));
        } else if (c.getNode().isEntry()
            && c.getNode().getEntry().getKernel().toString().equals(kernel)) {
          out.add(path);
        }
      }
    }
    return out;
  }

  private void write(NamingSchema.Entry.Builder b, EntryInfo info, NamingSchema.State state) {
    b.setInstanceId(info.instanceId());
    var interfaces = b.initInterfaces(info.interfaces().size());
    for (int i = 0; i < info.interfaces().size(); i++) {
      interfaces.set(i, new org.capnproto.Text.Reader(info.interfaces().get(i)));
    }
    b.setDriver(info.driver());
    b.setKernel(kernel);
    b.setHost(info.host());
    b.setState(state);
    b.setPublishedCap(info.publishedCap());
  }

  private static long done(NamingSchema.Result.Reader result) {
    if (result.getStatus() != Status.DONE) {
      throw RpcException.failed(result.getMessage().toString());
    }
    return result.getRevision();
  }

  @Override
  public void close() {
    root.close();
  }
}
