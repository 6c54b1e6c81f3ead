package dev.myelin.bridge;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.bridge.internal.JepRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import jep.DirectNDArray;
import jep.JepException;
import jep.SharedInterpreter;
import jep.python.PyCallable;

/**
 * CPython running inside this JVM through Jep: one {@code SharedInterpreter} on a dedicated daemon
 * thread, with every call marshalled onto it, so any Java thread may use it.
 *
 * <p>Tensors cross without copying: {@link #set(String, Object)} with a {@link Tensor} binds a
 * numpy array over the tensor's memory, and {@link #getTensor(String)} wraps a numpy array's memory
 * as a tensor. Python exceptions arrive as {@link PythonException} with the Python traceback.
 *
 * <pre>{@code
 * try (PythonInterpreter py = PythonInterpreter.start()) {
 *   py.set("x", Tensor.of(1f, 2f, 3f));
 *   double s = ((Number) py.eval("float(x.sum())")).doubleValue();
 * }
 * }</pre>
 *
 * <p>All interpreters of a JVM share one CPython (its modules, {@code sys.path} and atexit hooks);
 * each has its own globals.
 */
public final class PythonInterpreter implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final String SOURCE = loadSource();

  private final ExecutorService executor;
  private final Thread thread;
  private volatile boolean closed;
  private boolean jepClosed;
  private SharedInterpreter jep;
  private PyCallable run;
  private PyCallable evaluate;
  private PyCallable takeResult;
  private PyCallable importModule;
  private PyCallable adopt;
  private PyCallable lend;
  private PyCallable release;

  private PythonInterpreter() {
    Thread[] made = new Thread[1];
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "myelin-python-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              made[0] = t;
              return t;
            });
    try {
      executor.submit(() -> null).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
      throw new IllegalStateException("PythonInterpreter.start: interrupted", e);
    } catch (ExecutionException e) {
      executor.shutdownNow();
      throw new IllegalStateException("PythonInterpreter.start: thread failed", e.getCause());
    }
    thread = made[0];
  }

  /**
   * Starts an interpreter (and CPython, on first use in this JVM); throws {@link
   * PythonUnavailableException} saying what to install when Python or Jep is missing.
   */
  public static PythonInterpreter start() {
    List<String> sysPath = JepRuntime.configure();
    PythonInterpreter py = new PythonInterpreter();
    try {
      py.executor.submit(() -> py.init(sysPath)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      py.executor.shutdownNow();
      throw new IllegalStateException("PythonInterpreter.start: interrupted", e);
    } catch (ExecutionException e) {
      py.executor.shutdownNow();
      Throwable c = e.getCause();
      if (c instanceof PythonUnavailableException) {
        throw (PythonUnavailableException) c;
      }
      if (c instanceof PythonException) {
        throw (PythonException) c;
      }
      throw JepRuntime.recordStartFailure(c);
    }
    return py;
  }

  private Void init(List<String> sysPath) throws JepException {
    try {
      jep = new SharedInterpreter();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw JepRuntime.recordStartFailure(e);
    }
    jep.set("_myelin_bridge_source", SOURCE);
    jep.set("_myelin_sys_path", new ArrayList<>(sysPath));
    jep.exec(
        "import sys, types\n"
            + "for _p in _myelin_sys_path:\n"
            + "    if _p not in sys.path:\n"
            + "        sys.path.append(_p)\n"
            + "if '_myelin_bridge' not in sys.modules:\n"
            + "    _m = types.ModuleType('_myelin_bridge')\n"
            + "    exec(compile(_myelin_bridge_source, '_myelin_bridge.py', 'exec'), _m.__dict__)\n"
            + "    sys.modules['_myelin_bridge'] = _m\n"
            + "    del _m\n"
            + "_myelin_session = sys.modules['_myelin_bridge'].Session(globals())\n"
            + "del _myelin_bridge_source, _myelin_sys_path\n");
    run = callable("_myelin_session.run");
    evaluate = callable("_myelin_session.evaluate");
    takeResult = callable("_myelin_session.take_result");
    importModule = callable("_myelin_session.import_module");
    adopt = callable("_myelin_session.adopt");
    lend = callable("_myelin_session.lend");
    release = callable("sys.modules['_myelin_bridge'].release");
    jep.exec("del _myelin_session, sys, types");
    return null;
  }

  private PyCallable callable(String expr) throws JepException {
    return jep.getValue(expr, PyCallable.class);
  }

  private static String loadSource() {
    try (InputStream in = PythonInterpreter.class.getResourceAsStream("myelin_bridge.py")) {
      if (in == null) {
        throw new IllegalStateException("myelin_bridge.py is missing from the bridge jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("myelin_bridge.py could not be read", e);
    }
  }

  // ============================================================================ marshalling

  private <T> T call(String op, Callable<T> task) {
    if (closed) {
      throw new IllegalStateException(op + ": interpreter is closed");
    }
    if (Thread.currentThread() == thread) {
      return direct(task);
    }
    Future<T> f;
    try {
      f = executor.submit(() -> direct(task));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException(op + ": interpreter is closed", e);
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(op + ": interrupted while waiting for Python", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(op + ": " + c, c);
    }
  }

  private static <T> T direct(Callable<T> task) {
    try {
      return task.call();
    } catch (JepException e) {
      throw fromJep(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A Jep failure outside user code (conversions), as a PythonException with Jep's message. */
  private static PythonException fromJep(JepException e) {
    String m = String.valueOf(e.getMessage());
    String type = "jep.JepException";
    String msg = m;
    if (m.startsWith("<class '")) {
      int end = m.indexOf("'>");
      if (end > 0) {
        type = m.substring(8, end);
        msg = m.substring(end + 2).replaceFirst("^:\\s*", "");
      }
    }
    PythonException p = new PythonException(type, msg, "");
    p.initCause(e);
    return p;
  }

  /** Throws the PythonException that a helper returned as [type, message, traceback]. */
  private static void check(Object failure) {
    if (failure == null) {
      return;
    }
    List<?> f = (List<?>) failure;
    throw new PythonException(
        String.valueOf(f.get(0)), String.valueOf(f.get(1)), String.valueOf(f.get(2)));
  }

  private static void requireName(String op, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          op + ": argument 'name' expected a Python identifier but was " + quote(name));
    }
  }

  private static void requireCode(String op, String arg, String code) {
    if (code == null) {
      throw new IllegalArgumentException(
          op + ": argument '" + arg + "' expected Python source but was null");
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }

  // ============================================================================ API

  /**
   * Runs Python statements in this interpreter's globals; a Python error throws PythonException.
   */
  public void exec(String code) {
    requireCode("exec", "code", code);
    call(
        "exec",
        () -> {
          check(run.call(code));
          return null;
        });
  }

  /**
   * Evaluates a Python expression and returns it converted by Jep (str to String, int to Long,
   * float to Double, list to List, numpy arrays to a copied {@code jep.NDArray}, other objects to a
   * {@code jep.python.PyObject} usable on the interpreter thread only); use {@link
   * #getTensor(String)} to take an array without copying.
   */
  public Object eval(String expr) {
    requireCode("eval", "expr", expr);
    return call(
        "eval",
        () -> {
          check(evaluate.call(expr));
          return takeResult.call();
        });
  }

  /** The value of global {@code name}, converted like {@link #eval(String)}. */
  public Object get(String name) {
    requireName("get", name);
    return eval("globals()[" + pyString(name) + "]");
  }

  /**
   * Binds global {@code name} to {@code value}: a {@link Tensor} becomes a numpy array (writable
   * unless the tensor {@link Tensor#isReadOnly() is read-only}) over the tensor's memory (no copy)
   * that stays valid while Python holds it, even after the tensor is closed; other values are
   * converted by Jep (String to str, Number to int/float, List to list, other objects to Java
   * proxies).
   */
  public void set(String name, Object value) {
    requireName("set", name);
    if (value instanceof Tensor) {
      setTensor(name, (Tensor) value);
      return;
    }
    call(
        "set",
        () -> {
          jep.set(name, value);
          return null;
        });
  }

  private void setTensor(String name, Tensor t) {
    if (t.isClosed()) {
      throw new IllegalArgumentException(
          "set: argument 'value' expected an open Tensor but was a closed one");
    }
    long n = t.size();
    if (n > Integer.MAX_VALUE / t.dtype().itemSize()) {
      throw new IllegalArgumentException(
          "set: argument 'value' expected at most "
              + Integer.MAX_VALUE
              + " bytes (a direct ByteBuffer's limit) but was "
              + t.nbytes());
    }
    // A view shares the storage with its own reference: Java may close t while numpy still reads.
    Tensor view = t.reshape(t.shape()).detach();
    try {
      DirectNDArray<?> array = flatArray(view);
      List<Long> shape = new ArrayList<>();
      for (long d : view.shape()) {
        shape.add(d);
      }
      String dtype = view.dtype().numpyName();
      call(
          "set",
          () -> {
            adopt.call(name, array, view, shape, dtype, view.isReadOnly());
            return null;
          });
    } catch (RuntimeException | Error e) {
      view.close();
      throw e;
    }
  }

  private static DirectNDArray<?> flatArray(Tensor view) {
    ByteBuffer bytes = view.asByteBuffer();
    int n = (int) view.size();
    DType d = view.dtype();
    Buffer typed;
    boolean unsigned = false;
    switch (d) {
      case FLOAT32:
        typed = bytes.asFloatBuffer();
        break;
      case FLOAT64:
        typed = bytes.asDoubleBuffer();
        break;
      case INT32:
        typed = bytes.asIntBuffer();
        break;
      case INT64:
        typed = bytes.asLongBuffer();
        break;
      case UINT8:
        typed = bytes;
        unsigned = true;
        break;
      case BOOL:
        typed = bytes;
        break;
      default:
        throw new IllegalArgumentException(
            "set: argument 'value' expected a tensor of a numpy-mappable dtype but was " + d);
    }
    return new DirectNDArray<>(typed, unsigned, n);
  }

  /**
   * A tensor over the memory of the numpy array that {@code expr} evaluates to, without copying:
   * the Python object stays alive until the tensor and every view of its storage are closed. A
   * non-writable array ({@code numpy.frombuffer(bytes)}, {@code setflags(write=False)}) gives a
   * {@link Tensor#isReadOnly() read-only} tensor. The array must be C-contiguous, aligned, in
   * native byte order and of dtype float32, float64, int32, int64, uint8 or bool; anything else
   * throws PythonException (a ValueError or TypeError) that names the expected and actual layout or
   * dtype (copy first with {@code numpy.ascontiguousarray(a)} or {@code a.astype(...)}).
   */
  public Tensor getTensor(String expr) {
    requireCode("getTensor", "expr", expr);
    List<?> lent =
        call(
            "getTensor",
            () -> {
              Object r = lend.call(expr);
              List<?> l = (List<?>) r;
              if (l.size() == 3) {
                check(l);
              }
              return l;
            });
    long address = ((Number) lent.get(0)).longValue();
    List<?> dims = (List<?>) lent.get(1);
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = ((Number) dims.get(i)).longValue();
    }
    DType dtype = DType.valueOf(String.valueOf(lent.get(2)));
    long key = ((Number) lent.get(3)).longValue();
    try {
      Runnable release = () -> releaseLater(key);
      return Boolean.FALSE.equals(lent.get(4))
          ? Tensor.wrapReadOnly(address, shape, dtype, release)
          : Tensor.wrap(address, shape, dtype, release);
    } catch (RuntimeException e) {
      releaseLater(key);
      throw e;
    }
  }

  /**
   * Drops Python's keep-alive reference on the interpreter thread without waiting (release
   * callbacks run on any thread, including this interpreter's own). After close the reference
   * stays: the array then lives until the process exits.
   */
  private void releaseLater(long key) {
    if (Thread.currentThread() == thread) {
      if (!jepClosed) {
        direct(() -> release.call(key));
      }
      return;
    }
    try {
      executor.execute(
          () -> {
            if (!jepClosed) {
              direct(() -> release.call(key));
            }
          });
    } catch (RejectedExecutionException e) {
      // Closed: no thread is left to drop the reference, so the array is kept (documented above).
    }
  }

  /** Imports module {@code name} (dotted names allowed) and binds its top-level package name. */
  public void importModule(String name) {
    requireName("importModule", name);
    call(
        "importModule",
        () -> {
          check(importModule.call(name));
          return null;
        });
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Runs the Python atexit hooks registered so far, closes the interpreter (its globals are
   * dropped, so numpy arrays over tensors are released) and stops its thread; idempotent. Later
   * calls throw {@link IllegalStateException} "interpreter is closed". Tensors taken with {@link
   * #getTensor(String)} stay valid.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("close: called from the interpreter's own thread");
    }
    Future<?> f =
        executor.submit(
            () -> {
              try {
                jep.exec("import atexit\natexit._run_exitfuncs()");
              } finally {
                jepClosed = true;
                jep.close();
              }
              return null;
            });
    closed = true;
    executor.shutdown();
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("close: interrupted while closing Python", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof JepException) {
        throw fromJep((JepException) c);
      }
      throw new IllegalStateException("close: " + c, c);
    }
  }

  private static String pyString(String s) {
    StringBuilder b = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == '\'') {
        b.append('\\');
      }
      if (c < 0x20) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }
}
