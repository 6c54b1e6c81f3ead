package dev.myelin.bridge;

/**
 * Child-JVM entry point of {@link MissingPythonTest}: starts the interpreter twice with a Python
 * that does not exist and prints each failure's message on its own line.
 */
public final class MissingPythonMain {
  private MissingPythonMain() {}

  /** Tries twice and prints the exception class and message of each attempt. */
  public static void main(String[] args) {
    for (int i = 0; i < 2; i++) {
      try {
        PythonInterpreter.start().close();
        System.out.println("started");
      } catch (RuntimeException e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
