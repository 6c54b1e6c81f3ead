package dev.myelin.data.datasets;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import dev.myelin.applications.ModelCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Keras's {@code keras.datasets}: {@code mnist}, {@code fashion_mnist}, {@code cifar10} and {@code
 * cifar100}, as uint8 tensors with Keras's shapes, read from a local folder in the publishers' file
 * formats, or downloaded once into {@link #cacheDir()} when called without a folder.
 *
 * <ul>
 *   <li>MNIST and Fashion-MNIST: the idx files {@code train-images-idx3-ubyte}, {@code
 *       train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}
 *       (also spelled {@code train-images.idx3-ubyte}), plain or {@code .gz}; MNIST also from
 *       Keras's {@code mnist.npz}. x is {@code (n, 28, 28)}, y {@code (n,)}.
 *   <li>CIFAR-10 and CIFAR-100: the binary versions ({@code data_batch_1.bin} ... {@code
 *       data_batch_5.bin}, {@code test_batch.bin}; {@code train.bin}, {@code test.bin}), directly
 *       in the folder or in {@code cifar-10-batches-bin} / {@code cifar-100-binary}. x is {@code
 *       (n, 32, 32, 3)} (the files' channel planes turned to channels last), y {@code (n, 1)}.
 * </ul>
 *
 * <p>Downloads go to {@code ~/.myelin/datasets/<name>} through a temporary file that is moved in
 * place only after its SHA-256 matched the pinned sum (where one is pinned: Keras's {@code
 * mnist.npz}); nothing is downloaded when the files are already there.
 */
public final class KerasDatasets {
  private static final String KERAS_ORIGIN =
      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";
  private static final String MNIST_NPZ_SHA256 =
      "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";
  private static final String[] IDX = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"
  };

  private KerasDatasets() {}

  /**
   * Where downloads are kept: {@code ~/.myelin/datasets}.
   *
   * @return the folder (not created)
   */
  public static Path cacheDir() {
    return Path.of(System.getProperty("user.home"), ".myelin", "datasets");
  }

  /**
   * MNIST from a folder holding the four idx files (plain or gzip) or {@code mnist.npz}.
   *
   * @param dir the folder
   * @return uint8 x {@code (n, 28, 28)} and y {@code (n,)}
   * @throws IOException if the files are missing or malformed (the message names the file)
   */
  public static TrainTest mnist(Path dir) throws IOException {
    Path npz = dir == null ? null : dir.resolve("mnist.npz");
    if (npz != null && Files.isRegularFile(npz) && findIdx(dir, IDX[0]) == null) {
      return readNpz(npz);
    }
    return idxFolder(dir, "mnist");
  }

  /**
   * {@code mnist.load_data()}: the cached copy, downloaded first from Keras's origin ({@code
   * mnist.npz}, SHA-256 checked) when absent.
   *
   * @return the data
   * @throws IOException if the download or the check fails
   */
  public static TrainTest mnist() throws IOException {
    Path dir = cacheDir().resolve("mnist");
    Path npz = dir.resolve("mnist.npz");
    if (!Files.isRegularFile(npz)) {
      download(KERAS_ORIGIN + "mnist.npz", npz, MNIST_NPZ_SHA256);
    }
    return readNpz(npz);
  }

  /**
   * Fashion-MNIST from a folder holding the four idx files (plain or gzip), e.g. Debian's {@code
   * dataset-fashion-mnist}.
   *
   * @param dir the folder
   * @return uint8 x {@code (n, 28, 28)} and y {@code (n,)}
   * @throws IOException if the files are missing or malformed
   */
  public static TrainTest fashionMnist(Path dir) throws IOException {
    return idxFolder(dir, "fashionMnist");
  }

  /**
   * {@code fashion_mnist.load_data()}: the cached copy, downloaded first from Keras's origin (the
   * four {@code .gz} idx files; Keras pins no checksum for them, nor does this) when absent.
   *
   * @return the data
   * @throws IOException if the download fails
   */
  public static TrainTest fashionMnist() throws IOException {
    Path dir = cacheDir().resolve("fashion-mnist");
    for (String f : IDX) {
      Path p = dir.resolve(f + ".gz");
      if (!Files.isRegularFile(p)) {
        download(KERAS_ORIGIN + f + ".gz", p, null);
      }
    }
    return fashionMnist(dir);
  }

  /**
   * CIFAR-10 from a folder with the binary version's files.
   *
   * @param dir the folder (or its parent holding {@code cifar-10-batches-bin})
   * @return uint8 x {@code (n, 32, 32, 3)} and y {@code (n, 1)}
   * @throws IOException if the files are missing or malformed
   */
  public static TrainTest cifar10(Path dir) throws IOException {
    Path d = sub(dir, "cifar-10-batches-bin", "test_batch.bin");
    List<Path> train = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      train.add(d.resolve("data_batch_" + i + ".bin"));
    }
    return new TrainTest(
        cifar(train, 1, 0, "cifar10"),
        cifar(List.of(d.resolve("test_batch.bin")), 1, 0, "cifar10"));
  }

  /**
   * {@code cifar10.load_data()}: the cached copy, downloaded first ({@code cifar-10-binary.tar.gz}
   * from the publisher, no checksum pinned) when absent.
   *
   * @return the data
   * @throws IOException if the download fails
   */
  public static TrainTest cifar10() throws IOException {
    Path dir = cacheDir().resolve("cifar-10-batches-bin");
    if (!Files.isRegularFile(dir.resolve("test_batch.bin"))) {
      untarBins("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", dir);
    }
    return cifar10(dir);
  }

  /**
   * CIFAR-100 from a folder with the binary version's {@code train.bin} and {@code test.bin}.
   *
   * @param dir the folder (or its parent holding {@code cifar-100-binary})
   * @param labelMode {@code "fine"} (100 classes) or {@code "coarse"} (20)
   * @return uint8 x {@code (n, 32, 32, 3)} and y {@code (n, 1)}
   * @throws IOException if the files are missing or malformed
   */
  public static TrainTest cifar100(Path dir, String labelMode) throws IOException {
    check(
        "fine".equals(labelMode) || "coarse".equals(labelMode),
        "labelMode",
        "\"fine\" or \"coarse\"",
        labelMode);
    Path d = sub(dir, "cifar-100-binary", "test.bin");
    int label = labelMode.equals("fine") ? 1 : 0;
    return new TrainTest(
        cifar(List.of(d.resolve("train.bin")), 2, label, "cifar100"),
        cifar(List.of(d.resolve("test.bin")), 2, label, "cifar100"));
  }

  /**
   * {@code cifar100.load_data(label_mode)}: the cached copy, downloaded first when absent.
   *
   * @param labelMode {@code "fine"} or {@code "coarse"}
   * @return the data
   * @throws IOException if the download fails
   */
  public static TrainTest cifar100(String labelMode) throws IOException {
    Path dir = cacheDir().resolve("cifar-100-binary");
    if (!Files.isRegularFile(dir.resolve("test.bin"))) {
      untarBins("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", dir);
    }
    return cifar100(dir, labelMode);
  }

  private static Path sub(Path dir, String child, String probe) throws IOException {
    check(dir != null, "dir", "a folder", "null");
    if (!Files.isRegularFile(dir.resolve(probe)) && Files.isDirectory(dir.resolve(child))) {
      return dir.resolve(child);
    }
    return dir;
  }

  // ---------------------------------------------------------------- idx (MNIST, Fashion-MNIST)

  private static TrainTest idxFolder(Path dir, String op) throws IOException {
    check(dir != null, "dir", "a folder", "null");
    Path[] p = new Path[4];
    for (int i = 0; i < 4; i++) {
      p[i] = findIdx(dir, IDX[i]);
      if (p[i] == null) {
        throw new NoSuchFileException(
            dir.resolve(IDX[i]).toString(),
            null,
            op + ": idx file missing (looked for " + IDX[i] + "[.gz] and its '.idx' spelling)");
      }
    }
    Tensor xTrain = idx(p[0], 3);
    Tensor yTrain = idx(p[1], 1);
    Tensor xTest = idx(p[2], 3);
    Tensor yTest = idx(p[3], 1);
    sameCount(p[0], xTrain, p[1], yTrain);
    sameCount(p[2], xTest, p[3], yTest);
    return new TrainTest(new TrainTest.Part(xTrain, yTrain), new TrainTest.Part(xTest, yTest));
  }

  private static void sameCount(Path xp, Tensor x, Path yp, Tensor y) throws IOException {
    if (x.dim(0) != y.dim(0)) {
      throw new IOException(
          xp + " holds " + x.dim(0) + " images but " + yp + " " + y.dim(0) + " labels");
    }
  }

  private static Path findIdx(Path dir, String name) {
    String dotted = name.replace("-idx", ".idx");
    for (String n : new String[] {name, name + ".gz", dotted, dotted + ".gz"}) {
      if (Files.isRegularFile(dir.resolve(n))) {
        return dir.resolve(n);
      }
    }
    return null;
  }

  /**
   * Reads an idx file of unsigned bytes (magic {@code 0x0000080N}, N big-endian int32 sizes, then
   * the data), gzip or plain, as a uint8 tensor.
   *
   * @param file the file
   * @param rank the expected number of dimensions
   * @return the tensor
   * @throws IOException if the file is malformed (named in the message)
   */
  public static Tensor idx(Path file, int rank) throws IOException {
    byte[] raw = readMaybeGzip(file);
    ByteBuffer b = ByteBuffer.wrap(raw);
    if (raw.length < 4 + 4 * rank) {
      throw new IOException(file + ": not an idx file (" + raw.length + " bytes)");
    }
    int magic = b.getInt();
    if (magic != (0x0800 | rank)) {
      throw new IOException(
          file
              + ": expected idx magic 0x"
              + Integer.toHexString(0x0800 | rank)
              + " (unsigned bytes, "
              + rank
              + " dimensions) but was 0x"
              + Integer.toHexString(magic));
    }
    long[] shape = new long[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      shape[i] = b.getInt() & 0xffffffffL;
      count *= shape[i];
    }
    long header = 4 + 4L * rank;
    if (raw.length - header != count) {
      throw new IOException(
          file
              + ": header promises "
              + count
              + " values "
              + java.util.Arrays.toString(shape)
              + " but the file holds "
              + (raw.length - header));
    }
    byte[] data = java.util.Arrays.copyOfRange(raw, (int) header, raw.length);
    return Tensor.fromArray(data, shape);
  }

  private static byte[] readMaybeGzip(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
      }
    }
    return raw;
  }

  // ---------------------------------------------------------------- npz (Keras's mnist.npz)

  private static final Pattern NPY_SHAPE = Pattern.compile("'shape':\\s*\\(([0-9, ]*)\\)");

  private static TrainTest readNpz(Path npz) throws IOException {
    Tensor[] t = new Tensor[4];
    String[] keys = {"x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy"};
    try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(npz))) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        for (int i = 0; i < 4; i++) {
          if (e.getName().equals(keys[i])) {
            t[i] = npyUint8(zin.readAllBytes(), npz + "!" + keys[i]);
          }
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      if (t[i] == null) {
        throw new IOException(npz + ": no " + keys[i] + " inside");
      }
    }
    return new TrainTest(new TrainTest.Part(t[0], t[1]), new TrainTest.Part(t[2], t[3]));
  }

  /** A C-order uint8 {@code .npy} array (format 1.0 to 3.0). */
  private static Tensor npyUint8(byte[] b, String name) throws IOException {
    if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U') {
      throw new IOException(name + ": not a .npy array");
    }
    int major = b[6];
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      start = 10;
    } else {
      headerLen = ByteBuffer.wrap(b, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      start = 12;
    }
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    if (!header.contains("'|u1'") || header.contains("'fortran_order': True")) {
      throw new IOException(name + ": expected a C-order uint8 array, header " + header.trim());
    }
    Matcher m = NPY_SHAPE.matcher(header);
    if (!m.find()) {
      throw new IOException(name + ": no shape in header " + header.trim());
    }
    List<Long> dims = new ArrayList<>();
    for (String s : m.group(1).split(",")) {
      if (!s.isBlank()) {
        dims.add(Long.parseLong(s.trim()));
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    int off = start + headerLen;
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (b.length - off != count) {
      throw new IOException(name + ": shape needs " + count + " bytes, has " + (b.length - off));
    }
    return Tensor.fromArray(java.util.Arrays.copyOfRange(b, off, b.length), shape);
  }

  // ---------------------------------------------------------------- CIFAR binary version

  /**
   * Reads CIFAR binary records: {@code labelBytes} label bytes then 3072 pixel bytes (1024 red,
   * 1024 green, 1024 blue, rows of 32); keeps label byte {@code labelIndex}.
   */
  private static TrainTest.Part cifar(List<Path> files, int labelBytes, int labelIndex, String op)
      throws IOException {
    int record = labelBytes + 3072;
    ByteArrayOutputStream xs = new ByteArrayOutputStream();
    ByteArrayOutputStream ys = new ByteArrayOutputStream();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString(), null, op + ": CIFAR binary file missing");
      }
      byte[] raw = Files.readAllBytes(f);
      if (raw.length == 0 || raw.length % record != 0) {
        throw new IOException(
            f + ": " + raw.length + " bytes is not a whole number of " + record + "-byte records");
      }
      byte[] hwc = new byte[3072];
      for (int r = 0; r < raw.length / record; r++) {
        int o = r * record;
        ys.write(raw[o + labelIndex]);
        for (int p = 0; p < 1024; p++) {
          for (int c = 0; c < 3; c++) {
            hwc[p * 3 + c] = raw[o + labelBytes + c * 1024 + p];
          }
        }
        xs.write(hwc);
      }
    }
    byte[] y = ys.toByteArray();
    return new TrainTest.Part(
        Tensor.fromArray(xs.toByteArray(), y.length, 32, 32, 3), Tensor.fromArray(y, y.length, 1));
  }

  // ---------------------------------------------------------------- downloads

  /**
   * Downloads {@code url} to {@code dest} through a temporary file, checking its SHA-256 when
   * {@code sha256} is given; {@code dest} appears only when everything succeeded (core's {@link
   * ModelCache#download}, which every download of the library goes through).
   *
   * @param url the source
   * @param dest the file to create
   * @param sha256 the expected lower-case hex digest, or null
   * @throws IOException if the transfer fails or the digest differs
   */
  public static void download(String url, Path dest, String sha256) throws IOException {
    ModelCache.download(url, dest, "SHA-256", sha256);
  }

  /** Downloads a tar.gz and keeps its {@code .bin} files (by file name only) in {@code dir}. */
  private static void untarBins(String url, Path dir) throws IOException {
    Path archive = dir.resolveSibling(dir.getFileName() + ".tar.gz");
    download(url, archive, null);
    Files.createDirectories(dir);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = Path.of(e.getName()).getFileName().toString();
        if (e.isFile() && name.endsWith(".bin")) {
          Files.copy(tar, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.delete(archive);
  }
}
