package corral.runtime.rpc;

import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * A table whose ids this side chooses (questions, exports, embargoes): ids are small integers, and
 * a freed id is reused, lowest first, as the C++ reference does. Not thread-safe.
 */
final class IdTable<T> {
  private final ArrayList<T> slots = new ArrayList<>();
  private final PriorityQueue<Integer> free = new PriorityQueue<>();
  private int size;

  int add(T value) {
    size++;
    Integer id = free.poll();
    if (id != null) {
      slots.set(id, value);
      return id;
    }
    slots.add(value);
    return slots.size() - 1;
  }

  /** The entry with {@code id}, or null. Ids from the peer may be anything; none throws. */
  T get(int id) {
    return id >= 0 && id < slots.size() ? slots.get(id) : null;
  }

  T remove(int id) {
    T value = get(id);
    if (value != null) {
      slots.set(id, null);
      free.add(id);
      size--;
    }
    return value;
  }

  int size() {
    return size;
  }

  void forEach(BiConsumer<Integer, T> action) {
    for (int i = 0; i < slots.size(); i++) {
      T v = slots.get(i);
      if (v != null) {
        action.accept(i, v);
      }
    }
  }
}
