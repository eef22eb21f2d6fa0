package corral.naming;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A name's instance: its id, the interfaces it serves (schema names, e.g. {@code
 * corral.block.Block}), its driver, where it is served, its state, and an optional published cap
 * (the text form {@code corral1:...} of the rights anyone who resolves the name receives; absent
 * means a resolver receives nothing but the entry). A value: the lists are copied and immutable.
 */
public record Entry(
    long instanceId,
    List<String> interfaces,
    String driver,
    Location servedBy,
    State state,
    Optional<String> publishedCap)
    implements Node {

  /** The life of an instance as the supervisor reports it. */
  public enum State {
    /** Serving calls. */
    UP,
    /** Stopped, or its host is restarting it; calls fail with disconnected until it is up. */
    DOWN,
    /** Given up on by the supervisor; it stays so until an operator acts. */
    FAILED
  }

  public Entry {
    interfaces = List.copyOf(interfaces);
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(servedBy, "servedBy");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(publishedCap, "publishedCap");
  }

  /** This entry with {@code state} instead of its own. */
  public Entry withState(State state) {
    return new Entry(instanceId, interfaces, driver, servedBy, state, publishedCap);
  }

  /** This entry with {@code cap} as its published cap. */
  public Entry withPublishedCap(String cap) {
    return new Entry(instanceId, interfaces, driver, servedBy, state, Optional.of(cap));
  }

  /** Whether {@code other} is this entry but for its state. */
  public boolean sameInstanceAs(Entry other) {
    return instanceId == other.instanceId
        && interfaces.equals(other.interfaces)
        && driver.equals(other.driver)
        && servedBy.equals(other.servedBy)
        && publishedCap.equals(other.publishedCap);
  }

  /** Without the published cap's text, which is a bearer secret. */
  @Override
  public String toString() {
    return "Entry[instanceId="
        + Long.toUnsignedString(instanceId, 16)
        + ", interfaces="
        + interfaces
        + ", driver="
        + driver
        + ", servedBy="
        + servedBy
        + ", state="
        + state
        + ", publishedCap="
        + (publishedCap.isPresent() ? "(present)" : "(none)")
        + "]";
  }

  @Override
  public String kind() {
    return "entry";
  }
}
