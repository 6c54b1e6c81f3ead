package dev.myelin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PythonInterpreterTest {
  private static PythonInterpreter py;

  @BeforeAll
  static void start() {
    py = PythonInterpreter.start();
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  @Test
  void execEvalSetGetRoundTrip() {
    py.exec("a = 6 * 7\nb = 'myelin'");
    assertEquals(42L, ((Number) py.get("a")).longValue());
    assertEquals("myelin", py.get("b"));
    assertEquals(2.5, ((Number) py.eval("5 / 2")).doubleValue(), 0.0);
    py.set("c", 1.25);
    py.set("d", List.of(1, 2, 3));
    assertEquals(6L, ((Number) py.eval("sum(d)")).longValue());
    assertEquals(2.5, ((Number) py.eval("c * 2")).doubleValue(), 0.0);
    assertNull(py.eval("None"));
    assertEquals(List.of(1L, 2L), longs((List<?>) py.eval("[1, 2]")));
  }

  @Test
  void importModuleBindsTopLevelName() {
    py.importModule("os.path");
    assertEquals("/a/b", py.eval("os.path.join('/a', 'b')"));
    PythonException e = assertThrows(PythonException.class, () -> py.importModule("no_such_mod"));
    assertEquals("ModuleNotFoundError", e.pythonType());
  }

  @Test
  void pythonExceptionCarriesTypeMessageAndTraceback() {
    py.exec("def inner(x):\n    return 1 / x\ndef outer():\n    return inner(0)\n");
    PythonException e = assertThrows(PythonException.class, () -> py.eval("outer()"));
    assertEquals("ZeroDivisionError", e.pythonType());
    assertEquals("division by zero", e.pythonMessage());
    assertTrue(e.pythonTraceback().contains("in inner"), e.pythonTraceback());
    assertTrue(e.pythonTraceback().contains("in outer"), e.pythonTraceback());
    assertTrue(e.getMessage().startsWith("ZeroDivisionError: division by zero"), e.getMessage());

    PythonException custom =
        assertThrows(PythonException.class, () -> py.exec("import json\njson.loads('{')"));
    assertEquals("json.decoder.JSONDecodeError", custom.pythonType());

    PythonException syntax = assertThrows(PythonException.class, () -> py.exec("def ("));
    assertEquals("SyntaxError", syntax.pythonType());
    PythonException exit =
        assertThrows(PythonException.class, () -> py.exec("raise SystemExit(3)"));
    assertEquals("SystemExit", exit.pythonType());
    // The interpreter still works after failures.
    assertEquals(3L, ((Number) py.eval("1 + 2")).longValue());
  }

  @Test
  void callsFromManyJavaThreadsRunOnTheInterpreterThread() throws Exception {
    py.exec("import threading\ncounter = 0\nthreads = set()\n");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    py.exec("counter += 1\nthreads.add(threading.get_ident())");
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(200L, ((Number) py.get("counter")).longValue());
    assertEquals(1L, ((Number) py.eval("len(threads)")).longValue());
  }

  @Test
  void closeRunsExitHooksThenCallsFail() {
    PythonInterpreter other = PythonInterpreter.start();
    other.exec(
        "import atexit, sys\n"
            + "sys.modules['_myelin_test_flags'] = flags = type(sys)('_myelin_test_flags')\n"
            + "flags.ran = False\n"
            + "def hook():\n    flags.ran = True\n"
            + "atexit.register(hook)\n");
    other.set("only_here", 1);
    other.close();
    other.close();
    assertTrue(other.isClosed());
    assertEquals(Boolean.TRUE, py.eval("__import__('_myelin_test_flags').ran"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.eval("1"));
    assertEquals("eval: interpreter is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> other.set("x", 1));
    assertThrows(IllegalStateException.class, () -> other.exec("x = 1"));
    // Globals are per interpreter.
    assertFalse((Boolean) py.eval("'only_here' in globals()"));
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> py.exec(null));
    assertEquals("exec: argument 'code' expected Python source but was null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> py.set("", 1));
    assertEquals("set: argument 'name' expected a Python identifier but was ''", e.getMessage());
    PythonException missing = assertThrows(PythonException.class, () -> py.get("never_set"));
    assertEquals("KeyError", missing.pythonType());
  }

  private static List<Long> longs(List<?> l) {
    List<Long> out = new ArrayList<>();
    for (Object o : l) {
      out.add(((Number) o).longValue());
    }
    return out;
  }
}
