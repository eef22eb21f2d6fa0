package corral.naming.zookeeper;

import corral.naming.NameEvent;
import corral.naming.tree.NodeCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One committed batch in the ZooKeeper log: a token (to recognise one's own batch after a
 * connection loss) and its events, each with the session that owns the entry it binds (0 for none).
 * Layout: {@code token:8 count:4 (owner:8 length:4 event)...}.
 */
record Batch(long token, List<NameEvent> events, List<Long> owners) {
  static byte[] encode(long token, List<NameEvent> events, List<Long> owners) {
    NodeCodec.Writer w = new NodeCodec.Writer();
    NodeCodec.Writer e = new NodeCodec.Writer();
    w.writeLong(token);
    w.writeInt(events.size());
    for (int i = 0; i < events.size(); i++) {
      w.writeLong(owners.get(i));
      e.reset();
      NodeCodec.writeEvent(e, events.get(i));
      w.writeInt(e.length());
      w.writeBytes(e.view());
    }
    return w.toByteArray();
  }

  static Batch decode(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data);
    NodeCodec.Reader reader = new NodeCodec.Reader();
    long token = b.getLong();
    int count = b.getInt();
    List<NameEvent> events = new ArrayList<>(count);
    List<Long> owners = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      owners.add(b.getLong());
      int length = b.getInt();
      ByteBuffer one = b.slice(b.position(), length);
      events.add(reader.readEvent(one));
      b.position(b.position() + length);
    }
    return new Batch(token, events, owners);
  }
}
