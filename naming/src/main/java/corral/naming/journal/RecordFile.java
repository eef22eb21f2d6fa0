package corral.naming.journal;

import corral.naming.tree.NodeCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The framing of journal and snapshot files: a sequence of records, each
 *
 * <pre>
 *  +-----------+-----------+------------------+
 *  | length:4  | crc32c:4  | payload (length) |      big-endian; crc32c over the payload
 *  +-----------+-----------+------------------+
 * </pre>
 *
 * A record whose header or payload runs past the end of the file, whose length is 0 or above {@link
 * #MAX_RECORD}, or whose checksum does not match, is not a record: {@link #scan} stops before it
 * and reports where, so a torn tail is found and never misread.
 */
final class RecordFile {
  /** The largest payload a record may have. */
  static final int MAX_RECORD = 1 << 20;

  static final int HEADER = 8;

  private RecordFile() {}

  /** Appends {@code payload} as a record to {@code out}. */
  static void frame(NodeCodec.Writer out, ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    out.writeInt(payload.remaining());
    out.writeInt((int) crc.getValue());
    out.writeBytes(payload);
  }

  /** What a scan found: the records' payloads were handed over; {@code end} is where it stopped. */
  record Scan(long end, long size, String problem) {
    boolean complete() {
      return problem == null;
    }
  }

  interface Visitor {
    void record(ByteBuffer payload, long offset);
  }

  /**
   * Reads {@code file}'s records in order, handing each payload (positioned at its start) to {@code
   * visitor}, and stops at the end or at the first bytes that are not a record.
   */
  static Scan scan(Path file, Visitor visitor) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        return new Scan(0, size, "file of " + size + " bytes is too large");
      }
      ByteBuffer all = ByteBuffer.allocate((int) size);
      while (all.hasRemaining() && ch.read(all) >= 0) {}
      all.flip();
      CRC32C crc = new CRC32C();
      long at = 0;
      while (at < size) {
        if (size - at < HEADER) {
          return new Scan(at, size, (size - at) + " bytes after the last record, not a header");
        }
        int length = all.getInt((int) at);
        int sum = all.getInt((int) at + 4);
        if (length <= 0 || length > MAX_RECORD) {
          return new Scan(at, size, "record length " + Integer.toUnsignedString(length));
        }
        if (length > size - at - HEADER) {
          return new Scan(
              at, size, "record of " + length + " bytes runs past the end (" + size + " bytes)");
        }
        ByteBuffer payload = all.slice((int) at + HEADER, length);
        crc.reset();
        crc.update(payload.duplicate());
        if ((int) crc.getValue() != sum) {
          return new Scan(at, size, "checksum mismatch");
        }
        visitor.record(payload, at);
        at += HEADER + length;
      }
      return new Scan(at, size, null);
    }
  }
}
