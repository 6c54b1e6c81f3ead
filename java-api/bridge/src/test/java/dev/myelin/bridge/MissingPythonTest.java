package dev.myelin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without a usable Python (probed once per JVM, so this runs in a child JVM). */
class MissingPythonTest {
  private static List<String> runChild(String... props) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java));
    cmd.addAll(List.of(props));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path")
                + File.pathSeparator
                + System.getProperty("surefire.test.class.path", ""),
            MissingPythonMain.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /**
   * Runs the child JVM with {@code property} and checks that both of its attempts failed with a
   * message starting with {@code start} and containing every one of {@code hints}.
   */
  private static void assertBothAttemptsSay(String property, String start, String... hints)
      throws Exception {
    List<String> lines = runChild(property);
    assertEquals(2, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(line.startsWith(start), line);
      for (String hint : hints) {
        assertTrue(line.contains(hint), line);
      }
    }
  }

  @Test
  void missingPythonSaysWhatToInstallEveryTime() throws Exception {
    assertBothAttemptsSay(
        "-Dmyelin.python=/nonexistent/python3",
        "PythonUnavailableException: could not run Python '/nonexistent/python3'",
        "python3 -m pip install jep==4.3.2",
        "JAVA_HOME");
  }

  @Test
  void missingJepLibrarySaysWhatToInstall() throws Exception {
    assertBothAttemptsSay(
        "-Dmyelin.jep.library=/nonexistent/libjep.so",
        "PythonUnavailableException: Jep's native library /nonexistent/libjep.so does not exist",
        "pip install jep==4.3.2");
  }

  @Test
  void aJepLibraryThatFailsToLoadIsReportedOnceAndRemembered() throws Exception {
    assertBothAttemptsSay(
        "-Dmyelin.jep.library=/bin/true",
        "PythonUnavailableException: Python could not be started inside the JVM"
            + " (java.lang.UnsatisfiedLinkError",
        "pip install jep==4.3.2");
  }
}
