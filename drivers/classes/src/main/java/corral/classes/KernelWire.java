package corral.classes;

import corral.runtime.cap.CapId;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capnproto.StructList;

/** How values of kernel.capnp map to Java values, for the kernel, its hosts and its clients. */
public final class KernelWire {
  private KernelWire() {}

  /** Settings as given, in order. */
  public static Map<String, String> settings(StructList.Reader<KernelSchema.Setting.Reader> list) {
    Map<String, String> m = new LinkedHashMap<>();
    for (KernelSchema.Setting.Reader s : list) {
      m.put(s.getKey().toString(), s.getValue().toString());
    }
    return m;
  }

  /** Writes {@code settings} into a list made with {@code init(size)}. */
  public static void writeSettings(
      Map<String, String> settings,
      java.util.function.IntFunction<StructList.Builder<KernelSchema.Setting.Builder>> init) {
    StructList.Builder<KernelSchema.Setting.Builder> list = init.apply(settings.size());
    int i = 0;
    for (Map.Entry<String, String> e : settings.entrySet()) {
      list.get(i).setKey(e.getKey());
      list.get(i).setValue(e.getValue());
      i++;
    }
  }

  /** A cap id as its 16 bytes (big-endian high, then low). */
  public static byte[] bytes(CapId id) {
    return ByteBuffer.allocate(16).putLong(id.high()).putLong(id.low()).array();
  }

  /**
   * The cap id of 16 bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 16 bytes long
   */
  public static CapId capId(byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("a cap id is 16 bytes, not " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new CapId(b.getLong(), b.getLong());
  }
}
