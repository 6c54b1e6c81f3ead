package dev.myelin.bridge;

/**
 * A Python exception raised by code that a {@link PythonInterpreter} ran, carrying the Python type,
 * message and formatted traceback.
 */
public class PythonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String pythonType;
  private final String pythonMessage;
  private final String pythonTraceback;

  /**
   * An exception for a Python failure: {@code pythonType} is the qualified class name (e.g. {@code
   * "ZeroDivisionError"} or {@code "json.decoder.JSONDecodeError"}).
   */
  public PythonException(String pythonType, String pythonMessage, String pythonTraceback) {
    super(
        pythonType
            + ": "
            + pythonMessage
            + (pythonTraceback == null || pythonTraceback.isEmpty()
                ? ""
                : "\nPython traceback:\n" + pythonTraceback));
    this.pythonType = pythonType;
    this.pythonMessage = pythonMessage;
    this.pythonTraceback = pythonTraceback == null ? "" : pythonTraceback;
  }

  /** The qualified Python type name, e.g. {@code "ValueError"}. */
  public String pythonType() {
    return pythonType;
  }

  /** The Python exception's {@code str()}. */
  public String pythonMessage() {
    return pythonMessage;
  }

  /** The formatted Python traceback ({@code traceback.format_exception}), or empty when unknown. */
  public String pythonTraceback() {
    return pythonTraceback;
  }
}
