package corral.runtime.cap;

import java.time.Instant;
import java.util.List;

/**
 * One restriction appended to a capability. A caveat can only narrow what a capability grants: the
 * rights of a cap are those of its root grants, narrowed by every caveat in turn.
 */
public sealed interface Caveat {

  /**
   * Only these methods remain: each interface's methods are intersected with the ones listed here,
   * and interfaces not listed are dropped.
   *
   * @param grants interfaces in strictly ascending id order, each once
   */
  record Allow(List<Grant> grants) implements Caveat {
    public Allow {
      if (grants.isEmpty()) {
        throw new IllegalArgumentException("a caveat that allows no interface allows nothing");
      }
      grants = List.copyOf(grants);
      boolean ascending = true;
      for (int i = 1; i < grants.size() && ascending; i++) {
        ascending = Capability.BY_INTERFACE.compare(grants.get(i - 1), grants.get(i)) < 0;
      }
      if (!ascending) {
        grants = grants.stream().sorted(Capability.BY_INTERFACE).toList();
      }
      for (int i = 1; i < grants.size(); i++) {
        if (grants.get(i).interfaceId() == grants.get(i - 1).interfaceId()) {
          throw new IllegalArgumentException(
              "interface "
                  + Capability.hexId(grants.get(i).interfaceId())
                  + " is listed twice in one caveat");
        }
      }
    }

    @Override
    public String toString() {
      return "allow " + grants;
    }
  }

  /**
   * The cap is refused at and after {@code notAfter}, truncated to milliseconds. The earliest
   * expiry among a cap's caveats wins.
   */
  record ExpiresAt(Instant notAfter) implements Caveat {
    public ExpiresAt {
      notAfter = Instant.ofEpochMilli(notAfter.toEpochMilli());
      if (notAfter.toEpochMilli() <= 0) {
        throw new IllegalArgumentException("expiry " + notAfter + " is not after the epoch");
      }
    }

    @Override
    public String toString() {
      return "expires " + notAfter;
    }
  }
}
