package dev.myelin.internal;

import dev.myelin.MyelinException;

/** Turns the native status of the calling thread into the matching Java exception. */
public final class Errors {
  private Errors() {}

  /** The exception for the calling thread's last native failure in operation {@code op}. */
  public static RuntimeException fail(String op) {
    int status = NativeCore.mln_last_status();
    String msg = NativeCore.mln_last_error();
    NativeCore.mln_clear_error();
    if (msg == null || msg.isEmpty()) {
      msg = "native call failed with status " + status;
    }
    if (!msg.contains(op)) {
      msg = op + ": " + msg;
    }
    switch (status) {
      case NativeCore.MLN_ERR_ARGUMENT:
      case NativeCore.MLN_ERR_SHAPE:
      case NativeCore.MLN_ERR_DTYPE:
        return new IllegalArgumentException(msg);
      case NativeCore.MLN_ERR_INDEX:
        return new IndexOutOfBoundsException(msg);
      case NativeCore.MLN_OK:
        return new MyelinException(
            NativeCore.MLN_ERR_INTERNAL, msg + " (no native status was recorded)");
      default:
        return new MyelinException(status, msg);
    }
  }

  /** Returns {@code h} or throws the native failure of {@code op} when it is 0. */
  public static long check(long h, String op) {
    if (h == 0) {
      throw fail(op);
    }
    return h;
  }

  /** Throws the native failure of {@code op} when {@code status} is not 0. */
  public static void checkStatus(int status, String op) {
    if (status != NativeCore.MLN_OK) {
      throw fail(op);
    }
  }

  /** An IllegalArgumentException naming the op, argument, expected and actual value. */
  public static IllegalArgumentException arg(
      String op, String name, String expected, Object actual) {
    return new IllegalArgumentException(
        op + ": argument '" + name + "' expected " + expected + " but was " + actual);
  }
}
