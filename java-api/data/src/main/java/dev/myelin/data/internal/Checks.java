package dev.myelin.data.internal;

/**
 * Argument checks that throw {@link IllegalArgumentException} naming the argument, expected and
 * actual.
 */
public final class Checks {
  private Checks() {}

  /** Fails unless {@code condition} holds, with "argument: expected X, got Y". */
  public static void check(boolean condition, String argument, String expected, Object actual) {
    if (!condition) {
      throw new IllegalArgumentException(argument + ": expected " + expected + ", got " + actual);
    }
  }

  /** Fails unless two arrays have the same length, naming both arguments and both lengths. */
  public static void sameLength(String first, int firstLength, String second, int secondLength) {
    if (firstLength != secondLength) {
      throw new IllegalArgumentException(
          first
              + " and "
              + second
              + ": expected the same length, got "
              + first
              + ".length="
              + firstLength
              + " and "
              + second
              + ".length="
              + secondLength);
    }
  }

  /** Fails if an array is null or empty. */
  public static void nonEmpty(String argument, int length) {
    check(length > 0, argument, "a non-empty array", "length " + length);
  }
}
