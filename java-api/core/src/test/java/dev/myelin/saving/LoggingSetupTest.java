package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logging set-up (issue 16): jhdf logs through SLF4J, which without a backend prints its
 * "StaticLoggerBinder" / "No SLF4J providers" warnings on the first HDF5 save or load. SLF4J
 * initialises once per JVM, so the first save and load run in a fresh JVM whose stderr is captured.
 */
class LoggingSetupTest {
  @TempDir Path dir;

  /** The child JVM: one HDF5 write and one read, as the first save/load of a program does. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putDataset("w", new double[] {1, 2, 3});
    }
    try (HdfFile hdf = new HdfFile(file)) {
      double[] back = (double[]) hdf.getDatasetByPath("w").getData();
      System.out.println("read " + back.length);
    }
  }

  private String[] runChild(List<String> jvmFlags) throws IOException, InterruptedException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(
        List.of("-cp", cp, LoggingSetupTest.class.getName(), dir.resolve("w.h5").toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(dir.resolve("err.txt").toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
    return new String[] {
      Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
      Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8)
    };
  }

  @Test
  void firstHdf5SaveAndLoadPrintNothingOnStderr() throws Exception {
    String[] io = runChild(List.of());
    assertEquals("read 3", io[0].strip());
    assertFalse(io[1].contains("SLF4J"), io[1]);
    assertEquals("", io[1].strip());
  }

  @Test
  void theNoOpProviderIsTheOneChosen() throws Exception {
    // With the provider named explicitly SLF4J reports its choice: the no-op provider is there.
    String[] io =
        runChild(
            List.of(
                "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider",
                "-Dslf4j.internal.verbosity=INFO"));
    assertEquals("read 3", io[0].strip());
    assertTrue(io[1].contains("NOPServiceProvider"), io[1]);
  }
}
