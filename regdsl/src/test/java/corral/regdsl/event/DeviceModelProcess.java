package corral.regdsl.event;

import java.nio.file.Path;

/**
 * A device-model process for EventLineTest: connects to an event line, raises it {@code count}
 * times as fast as it can, prints {@code done} and exits.
 */
public final class DeviceModelProcess {
  private DeviceModelProcess() {}

  public static void main(String[] args) throws Exception {
    try (var sender = EventLineSender.connect(Path.of(args[0]), Path.of(args[1]))) {
      int count = Integer.parseInt(args[2]);
      for (int i = 0; i < count; i++) {
        sender.raise();
      }
      System.out.println("done");
      System.out.flush();
    }
  }
}
