package corral.regdsl.window;

import java.nio.ByteOrder;
import java.util.List;

/**
 * A device's registers as {@link FakeRegisterFile} simulates them; generated device classes pass
 * theirs when they {@code bind} to a fake.
 *
 * @param device the description's device name
 * @param order the byte order of multi-byte registers
 */
public record DeviceLayout(String device, ByteOrder order, List<RegisterLayout> registers) {
  public DeviceLayout {
    registers = List.copyOf(registers);
  }
}
