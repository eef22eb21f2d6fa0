package corral.naming.tree;

import corral.naming.Alias;
import corral.naming.Directory;
import corral.naming.Entry;
import corral.naming.Location;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.Node;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binary form of nodes and events, in journal records and ZooKeeper znodes. Big-endian; strings
 * are a 2-byte length and UTF-8.
 *
 * <pre>
 *  event:  revision:8  kind:1  path:str  [node]          (no node for UNBOUND)
 *  node:   0 (directory)
 *        | 1 instanceId:8 count:2 interface:str... driver:str kernel:str host:str state:1
 *            hasCap:1 [cap:str]                           (entry)
 *        | 2 target:str                                   (alias)
 * </pre>
 */
public final class NodeCodec {
  private NodeCodec() {}

  /** A growable buffer to encode into; reusable with {@link #reset()}. Not thread-safe. */
  public static final class Writer {
    private byte[] buf = new byte[256];
    private int length;

    public Writer reset() {
      length = 0;
      return this;
    }

    public int length() {
      return length;
    }

    /** The bytes written, as a view of the buffer (valid until the next write). */
    public ByteBuffer view() {
      return ByteBuffer.wrap(buf, 0, length);
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(buf, length);
    }

    private void room(int n) {
      if (length + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
      }
    }

    public void writeByte(int b) {
      room(1);
      buf[length++] = (byte) b;
    }

    public void writeShort(int v) {
      room(2);
      buf[length++] = (byte) (v >>> 8);
      buf[length++] = (byte) v;
    }

    public void writeInt(int v) {
      room(4);
      for (int s = 24; s >= 0; s -= 8) {
        buf[length++] = (byte) (v >>> s);
      }
    }

    public void writeLong(long v) {
      room(8);
      for (int s = 56; s >= 0; s -= 8) {
        buf[length++] = (byte) (v >>> s);
      }
    }

    /** Overwrites 4 bytes at {@code at} (a length or checksum written after its record). */
    public void putInt(int at, int v) {
      for (int i = 0; i < 4; i++) {
        buf[at + i] = (byte) (v >>> (24 - 8 * i));
      }
    }

    public void writeString(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0xFFFF) {
        throw new IllegalArgumentException(
            "a string of " + bytes.length + " bytes is longer than 65535 bytes of UTF-8");
      }
      writeShort(bytes.length);
      room(bytes.length);
      System.arraycopy(bytes, 0, buf, length, bytes.length);
      length += bytes.length;
    }

    public void writeBytes(ByteBuffer b) {
      int n = b.remaining();
      room(n);
      b.get(buf, length, n);
      length += n;
    }
  }

  public static void writeNode(Writer w, Node node) {
    switch (node) {
      case Directory d -> w.writeByte(0);
      case Entry e -> {
        w.writeByte(1);
        w.writeLong(e.instanceId());
        w.writeShort(e.interfaces().size());
        for (String i : e.interfaces()) {
          w.writeString(i);
        }
        w.writeString(e.driver());
        w.writeString(e.servedBy().kernel());
        w.writeString(e.servedBy().host());
        w.writeByte(e.state().ordinal());
        w.writeByte(e.publishedCap().isPresent() ? 1 : 0);
        e.publishedCap().ifPresent(w::writeString);
      }
      case Alias a -> {
        w.writeByte(2);
        w.writeString(a.target().toString());
      }
    }
  }

  public static void writeEvent(Writer w, NameEvent e) {
    w.writeLong(e.revision());
    w.writeByte(e.kind().ordinal());
    w.writeString(e.path().toString());
    e.node().ifPresent(n -> writeNode(w, n));
  }

  /**
   * Decodes nodes and events from a buffer. Repeated values (interface lists, locations, drivers)
   * are shared between the nodes one reader decodes, which keeps a million recovered entries small.
   * Not thread-safe.
   */
  public static final class Reader {
    private final Map<Object, Object> shared = new HashMap<>();

    /**
     * The node at {@code b}'s position.
     *
     * @throws IllegalArgumentException if the bytes are not a node (saying what is wrong)
     */
    public Node readNode(ByteBuffer b) {
      try {
        int type = b.get();
        return switch (type) {
          case 0 -> Directory.DIRECTORY;
          case 1 -> readEntry(b);
          case 2 -> new Alias(NamePath.parse(readString(b)));
          default -> throw new IllegalArgumentException("unknown node type " + type);
        };
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("node ends early");
      }
    }

    private Entry readEntry(ByteBuffer b) {
      long id = b.getLong();
      int count = Short.toUnsignedInt(b.getShort());
      List<String> interfaces = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        interfaces.add(readShared(b));
      }
      String driver = readShared(b);
      Location at = location(readShared(b), readShared(b));
      int state = b.get();
      if (state < 0 || state >= Entry.State.values().length) {
        throw new IllegalArgumentException("unknown state " + state);
      }
      Optional<String> cap = b.get() != 0 ? Optional.of(readString(b)) : Optional.empty();
      List<String> sharedInterfaces = interfaces(interfaces);
      return new Entry(id, sharedInterfaces, driver, at, Entry.State.values()[state], cap);
    }

    private Location lastLocation;
    private List<String> lastInterfaces = List.of();

    /** The location of these (shared) strings: the previous entry's, most of the time. */
    private Location location(String kernel, String host) {
      Location last = lastLocation;
      if (last == null || last.kernel() != kernel || last.host() != host) {
        last = share(new Location(kernel, host));
        lastLocation = last;
      }
      return last;
    }

    /** A shared list of these (shared) strings: the previous entry's, most of the time. */
    private List<String> interfaces(List<String> read) {
      List<String> last = lastInterfaces;
      boolean same = last.size() == read.size();
      for (int i = 0; same && i < read.size(); i++) {
        same = last.get(i) == read.get(i);
      }
      if (!same) {
        last = share(List.copyOf(read));
        lastInterfaces = last;
      }
      return last;
    }

    private static final int RECENT = 4096;
    private final byte[][] recentBytes = new byte[RECENT][];
    private final String[] recentStrings = new String[RECENT];

    /**
     * A string as {@link #readString}, but the same string object for the same bytes as a recent
     * one (drivers, kernels, hosts and interfaces repeat across entries), found by the bytes' hash
     * without making a string first.
     */
    private String readShared(ByteBuffer b) {
      int n = Short.toUnsignedInt(b.getShort());
      if (n > b.remaining()) {
        throw new IllegalArgumentException("a string of " + n + " bytes runs past the end");
      }
      byte[] a = b.array();
      int from = b.arrayOffset() + b.position();
      int h = n;
      for (int i = from; i < from + n; i++) {
        h = 31 * h + a[i];
      }
      int slot = (h ^ (h >>> 16)) & (RECENT - 1);
      byte[] known = recentBytes[slot];
      String s;
      if (known != null && java.util.Arrays.equals(known, 0, known.length, a, from, from + n)) {
        s = recentStrings[slot];
      } else {
        s = new String(a, from, n, StandardCharsets.UTF_8);
        recentBytes[slot] = java.util.Arrays.copyOfRange(a, from, from + n);
        recentStrings[slot] = s;
      }
      b.position(b.position() + n);
      return s;
    }

    @SuppressWarnings("unchecked")
    private <T> T share(T value) {
      if (shared.size() > 100_000) {
        shared.clear();
      }
      return (T) shared.computeIfAbsent(value, v -> v);
    }

    /**
     * The event at {@code b}'s position.
     *
     * @throws IllegalArgumentException if the bytes are not an event (saying what is wrong)
     */
    public NameEvent readEvent(ByteBuffer b) {
      try {
        long revision = b.getLong();
        int kind = b.get();
        if (kind < 0 || kind >= NameEvent.Kind.values().length) {
          throw new IllegalArgumentException("unknown event kind " + kind);
        }
        NameEvent.Kind k = NameEvent.Kind.values()[kind];
        NamePath path = NamePath.parse(readString(b));
        Optional<Node> node =
            k == NameEvent.Kind.UNBOUND ? Optional.empty() : Optional.of(readNode(b));
        return new NameEvent(revision, k, path, node);
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("event ends early");
      }
    }

    public static String readString(ByteBuffer b) {
      int n = Short.toUnsignedInt(b.getShort());
      if (n > b.remaining()) {
        throw new IllegalArgumentException("a string of " + n + " bytes runs past the end");
      }
      String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
      b.position(b.position() + n);
      return s;
    }
  }
}
