package corral.runtime.cap;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.IntStream;

/**
 * An immutable set of method ordinals (0 to 65535) of one interface, held as a bitset so that a
 * membership test is one array load, a shift and a mask.
 */
public final class MethodSet {
  /** The highest method ordinal Cap'n Proto allows (ordinals are UInt16). */
  public static final int MAX_ORDINAL = 0xFFFF;

  private static final MethodSet EMPTY = new MethodSet(new long[0]);

  // Trimmed: the last word, if any, is non-zero. Never mutated after construction.
  private final long[] words;

  private MethodSet(long[] words) {
    this.words = words;
  }

  /** The set with no methods. */
  public static MethodSet empty() {
    return EMPTY;
  }

  /**
   * The set of the given ordinals.
   *
   * @throws IllegalArgumentException if an ordinal is outside 0..65535
   */
  public static MethodSet of(int... ordinals) {
    int max = -1;
    for (int o : ordinals) {
      if (o < 0 || o > MAX_ORDINAL) {
        throw new IllegalArgumentException("method ordinal " + o + " is outside 0.." + MAX_ORDINAL);
      }
      max = Math.max(max, o);
    }
    long[] words = new long[(max >> 6) + 1];
    for (int o : ordinals) {
      words[o >> 6] |= 1L << o;
    }
    return trimmed(words);
  }

  /** The set of the given ordinals; see {@link #of(int...)}. */
  public static MethodSet of(Collection<Integer> ordinals) {
    return of(ordinals.stream().mapToInt(Integer::intValue).toArray());
  }

  private static MethodSet trimmed(long[] words) {
    int n = words.length;
    while (n > 0 && words[n - 1] == 0) {
      n--;
    }
    return n == 0 ? EMPTY : new MethodSet(n == words.length ? words : Arrays.copyOf(words, n));
  }

  /** Whether {@code ordinal} is in the set; false for any ordinal outside 0..65535. */
  public boolean contains(int ordinal) {
    int word = ordinal >>> 6;
    return word < words.length && (words[word] & (1L << ordinal)) != 0;
  }

  /** The methods in both sets. */
  public MethodSet intersect(MethodSet other) {
    int n = Math.min(words.length, other.words.length);
    long[] w = new long[n];
    for (int i = 0; i < n; i++) {
      w[i] = words[i] & other.words[i];
    }
    return trimmed(w);
  }

  /** Whether every method of this set is in {@code other}. */
  public boolean isSubsetOf(MethodSet other) {
    return intersect(other).equals(this);
  }

  public boolean isEmpty() {
    return words.length == 0;
  }

  public int size() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The ordinals, ascending. */
  public IntStream ordinals() {
    return IntStream.range(0, words.length * 64).filter(this::contains);
  }

  /**
   * The set of the given bitset words, which it takes over (the caller must not change them): bit
   * {@code o & 63} of word {@code o >> 6} is ordinal {@code o}; at most 1024 words.
   */
  static MethodSet ofWords(long[] words) {
    if (words.length > (MAX_ORDINAL >> 6) + 1) {
      throw new IllegalArgumentException("method ordinals beyond " + MAX_ORDINAL);
    }
    return trimmed(words);
  }

  /**
   * Writes the ordinals, ascending, as big-endian 16-bit values into {@code b} from {@code at};
   * returns the offset after the last.
   */
  int writeOrdinals(byte[] b, int at) {
    for (int i = 0; i < words.length; i++) {
      long w = words[i];
      while (w != 0) {
        int o = (i << 6) | Long.numberOfTrailingZeros(w);
        b[at] = (byte) (o >>> 8);
        b[at + 1] = (byte) o;
        at += 2;
        w &= w - 1;
      }
    }
    return at;
  }

  /** The bitset words (copy): bit {@code o & 63} of word {@code o >> 6} is ordinal {@code o}. */
  long[] words() {
    return words.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodSet m && Arrays.equals(words, m.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  /** The ordinals in braces, e.g. {@code {0, 2, 5}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    ordinals().forEach(o -> sb.append(sb.length() > 1 ? ", " : "").append(o));
    return sb.append('}').toString();
  }
}
