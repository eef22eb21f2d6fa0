package corral.naming;

/** The directory {@code name} holds {@code children} names, so it cannot be unbound. */
public record NotEmpty(NamePath name, int children) implements Outcome {
  @Override
  public String message() {
    return name + ": directory is not empty (" + children + (children == 1 ? " name)" : " names)");
  }
}
