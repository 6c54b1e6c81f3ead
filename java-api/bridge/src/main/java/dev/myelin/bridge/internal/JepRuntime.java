package dev.myelin.bridge.internal;

import dev.myelin.bridge.PythonUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jep.MainInterpreter;
import jep.PyConfig;

/**
 * Finds CPython and Jep's native library and configures Jep's main interpreter, once per JVM: Jep
 * cannot recover from a failed initialisation, so the first outcome (success or the failure) is
 * remembered and every later start reports the same failure.
 */
public final class JepRuntime {
  /** What to run when the bridge cannot start Python. */
  public static final String INSTALL_HINT =
      "install Jep's native part into the Python that Myelin uses: "
          + "JAVA_HOME=<a JDK 17+> python3 -m pip install jep==4.3.2 "
          + "(choose the Python with -Dmyelin.python=/path/to/python or MYELIN_PYTHON; "
          + "point at libjep.so directly with -Dmyelin.jep.library)";

  private static final String PROBE =
      "import importlib.util, site, sys\n"
          + "print(sys.base_prefix)\n"
          + "s = importlib.util.find_spec('jep')\n"
          + "print(s.submodule_search_locations[0] if s else '')\n"
          + "paths = [p for p in sys.path if p]\n"
          + "print('\\x1f'.join(paths))\n";

  private static volatile State state;

  private JepRuntime() {}

  /** The outcome of the one-time probe: the Python paths to add, or the failure to repeat. */
  private static final class State {
    final List<String> sysPath;
    final PythonUnavailableException failure;

    State(List<String> sysPath, PythonUnavailableException failure) {
      this.sysPath = sysPath;
      this.failure = failure;
    }
  }

  /**
   * Configures Jep once per JVM and returns the entries of the chosen Python's {@code sys.path} (so
   * a virtual environment's packages are importable); throws {@link PythonUnavailableException}
   * naming what to install when Python or Jep is missing.
   */
  public static synchronized List<String> configure() {
    State s = state;
    if (s == null) {
      s = probe();
      state = s;
    }
    if (s.failure != null) {
      throw new PythonUnavailableException(s.failure.getMessage(), s.failure);
    }
    return s.sysPath;
  }

  /**
   * Records that starting the first interpreter failed (for example an {@link
   * UnsatisfiedLinkError}); later starts in this JVM throw the same failure without retrying.
   */
  public static synchronized PythonUnavailableException recordStartFailure(Throwable cause) {
    PythonUnavailableException e =
        new PythonUnavailableException(
            "Python could not be started inside the JVM (" + cause + "); " + INSTALL_HINT, cause);
    state = new State(List.of(), e);
    return e;
  }

  private static State probe() {
    String python = setting("myelin.python", "MYELIN_PYTHON", "python3");
    List<String> out;
    try {
      out = run(python);
    } catch (IOException | RuntimeException e) {
      return failed("could not run Python '" + python + "' (" + e.getMessage() + ")", e);
    }
    if (out.size() < 3) {
      return failed("Python '" + python + "' printed " + out + " instead of its paths", null);
    }
    String home = out.get(0);
    String library = setting("myelin.jep.library", "MYELIN_JEP_LIBRARY", null);
    if (library == null) {
      if (out.get(1).isEmpty()) {
        return failed("Jep is not installed in Python '" + python + "'", null);
      }
      library = Path.of(out.get(1), "libjep.so").toString();
    }
    if (!Files.isRegularFile(Path.of(library))) {
      return failed("Jep's native library " + library + " does not exist", null);
    }
    List<String> paths = new ArrayList<>(List.of(out.get(2).split("\u001f")));
    try {
      MainInterpreter.setJepLibraryPath(library);
      MainInterpreter.setInitParams(new PyConfig().setPythonHome(home));
    } catch (RuntimeException e) {
      return failed("Jep refused its configuration (" + e.getMessage() + ")", e);
    }
    return new State(List.copyOf(paths), null);
  }

  private static State failed(String what, Throwable cause) {
    return new State(List.of(), new PythonUnavailableException(what + "; " + INSTALL_HINT, cause));
  }

  private static String setting(String property, String env, String fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isEmpty()) {
      v = System.getenv(env);
    }
    return v == null || v.isEmpty() ? fallback : v;
  }

  private static List<String> run(String python) throws IOException {
    Process p = new ProcessBuilder(python, "-c", PROBE).redirectErrorStream(false).start();
    String stdout;
    String stderr;
    try (InputStream in = p.getInputStream();
        InputStream err = p.getErrorStream()) {
      stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      err.transferTo(buf);
      stderr = buf.toString(StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("the probe did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while probing", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("exit status " + p.exitValue() + ": " + stderr.strip());
    }
    return List.of(stdout.split("\n", -1));
  }
}
