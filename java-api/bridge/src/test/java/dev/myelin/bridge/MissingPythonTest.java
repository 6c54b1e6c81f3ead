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

  @Test
  void missingPythonSaysWhatToInstallEveryTime() throws Exception {
    List<String> lines = runChild("-Dmyelin.python=/nonexistent/python3");
    assertEquals(2, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(
          line.startsWith(
              "PythonUnavailableException: could not run Python '/nonexistent/python3'"),
          line);
      assertTrue(line.contains("python3 -m pip install jep==4.3.2"), line);
      assertTrue(line.contains("JAVA_HOME"), line);
    }
  }

  @Test
  void missingJepLibrarySaysWhatToInstall() throws Exception {
    List<String> lines = runChild("-Dmyelin.jep.library=/nonexistent/libjep.so");
    assertEquals(2, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(
          line.startsWith(
              "PythonUnavailableException: Jep's native library /nonexistent/libjep.so does not"
                  + " exist"),
          line);
      assertTrue(line.contains("pip install jep==4.3.2"), line);
    }
  }

  @Test
  void aJepLibraryThatFailsToLoadIsReportedOnceAndRemembered() throws Exception {
    List<String> lines = runChild("-Dmyelin.jep.library=/bin/true");
    assertEquals(2, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(
          line.startsWith(
              "PythonUnavailableException: Python could not be started inside the JVM"
                  + " (java.lang.UnsatisfiedLinkError"),
          line);
      assertTrue(line.contains("pip install jep==4.3.2"), line);
    }
  }
}
