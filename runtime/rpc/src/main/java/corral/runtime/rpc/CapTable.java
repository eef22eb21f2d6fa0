package corral.runtime.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities one message refers to; a capability pointer in the message holds an index into
 * this table. The table owns one reference to each non-null entry, dropped by {@link #release}.
 * Thread-safe for the pattern in which it is used: filled by one thread, then read.
 */
final class CapTable {
  private final List<ClientHook> hooks = new ArrayList<>();
  private boolean released;
  private int holders = 1;

  /** Clients read from the message, when a {@link Response} owns them (else null). */
  private List<Client> issued;

  /** Makes clients read from now on belong to the table's {@link Response} (see {@link #issue}). */
  synchronized void trackIssued() {
    if (issued == null) {
      issued = new ArrayList<>();
    }
  }

  /**
   * Returns {@code client}, read from this message; when a response owns what is read, it is also
   * recorded, to be closed with it.
   */
  synchronized <C extends Client> C issue(C client) {
    if (issued != null) {
      issued.add(client);
    }
    return client;
  }

  /** Closes the clients read from the message so far, and those read later at once. */
  void closeIssued() {
    List<Client> drop;
    synchronized (this) {
      if (issued == null) {
        return;
      }
      drop = issued;
      issued = new ArrayList<>();
    }
    drop.forEach(Client::close);
  }

  /** Appends {@code hook} (taking over the caller's reference) and returns its index. */
  synchronized int add(ClientHook hook) {
    hooks.add(hook);
    return hooks.size() - 1;
  }

  /** The entry at {@code index}, or null for a null or out-of-range index (borrowed reference). */
  synchronized ClientHook get(int index) {
    return index >= 0 && index < hooks.size() && !released ? hooks.get(index) : null;
  }

  /**
   * Puts {@code hook} (taking over the caller's reference) at {@code index} and returns the entry
   * it replaces, whose reference passes to the caller. For {@link Membrane}s, before the table is
   * read.
   */
  synchronized ClientHook replace(int index, ClientHook hook) {
    if (released) {
      throw new IllegalStateException("cap table already released");
    }
    return hooks.set(index, hook);
  }

  /** Whether the last holder released the table (its entries then read as null). */
  synchronized boolean isReleased() {
    return released;
  }

  synchronized int size() {
    return hooks.size();
  }

  /** The entries, nulls included (borrowed references). */
  synchronized List<ClientHook> entries() {
    return new ArrayList<>(hooks);
  }

  /** Adds a holder: the table's references are dropped when the last holder releases. */
  synchronized void retain() {
    if (released) {
      throw new IllegalStateException("cap table already released");
    }
    holders++;
  }

  /** Drops one holder; the last one drops the table's references, and reads see none after. */
  void release() {
    List<ClientHook> drop;
    synchronized (this) {
      if (released || --holders > 0) {
        return;
      }
      released = true;
      drop = new ArrayList<>(hooks);
    }
    for (ClientHook h : drop) {
      if (h != null) {
        h.release();
      }
    }
  }
}
