package dev.myelin.utils;

import dev.myelin.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * numpy's {@code .npy} format (version 1.0, C order) for float tensors, as {@code np.save} and
 * {@code np.load} write and read it; a name ending in {@code .gz} is gzip-compressed, as the book
 * saves bottleneck features ({@code np.save(gzip.open("x.npy.gz", "wb"), a)}). Writes float32
 * ({@code <f4}); reads {@code <f4}, {@code <f8}, {@code <i4} and {@code <i8} into a float32 tensor.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");

  private NpyFile() {}

  /** Writes {@code t} as float32 to {@code file} (gzip-compressed for a name ending in .gz). */
  public static void save(Path file, Tensor t) {
    long[] shape = t.shape();
    float[] v = t.toFloatArray();
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText =
        shape.length == 1
            ? "(" + shape[0] + ",)"
            : "(" + dims.toString().replaceAll(", $", "") + ")";
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // numpy pads the header with spaces and a newline so the data starts 64-byte aligned
    int total = MAGIC.length + 4 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer body = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    body.asFloatBuffer().put(v);
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
      try {
        try (OutputStream raw = Files.newOutputStream(tmp);
            OutputStream out = gzipped(file) ? new GZIPOutputStream(raw) : raw) {
          out.write(MAGIC);
          out.write(new byte[] {1, 0});
          byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
          out.write(new byte[] {(byte) (h.length & 0xff), (byte) (h.length >> 8)});
          out.write(h);
          out.write(body.array());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a numpy {@code .npy} (or {@code .npy.gz}) file into a float32 tensor of its shape. */
  public static Tensor load(Path file) {
    byte[] b;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzipped(file) ? new GZIPInputStream(raw) : raw) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      b = all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
      throw bad(file, "the .npy magic \\x93NUMPY", "other bytes");
    }
    int major = b[6];
    int headerLen;
    int start;
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLen = Short.toUnsignedInt(buf.getShort(8));
      start = 10;
    } else {
      headerLen = buf.getInt(8);
      start = 12;
    }
    if (headerLen < 0 || start + headerLen > b.length) {
      throw bad(file, "a header within the file", headerLen + " bytes");
    }
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, file, "descr");
    if (group(FORTRAN, header, file, "fortran_order").equals("True")) {
      throw bad(file, "fortran_order False", "True");
    }
    String[] parts = group(SHAPE, header, file, "shape").split(",");
    long[] shape =
        Arrays.stream(parts)
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    int size =
        switch (descr) {
          case "<f4", "<i4" -> 4;
          case "<f8", "<i8" -> 8;
          default -> throw bad(file, "dtype <f4, <f8, <i4 or <i8", descr);
        };
    int data = start + headerLen;
    if ((long) b.length - data != count * size) {
      throw bad(
          file,
          count * size + " data bytes for shape " + Arrays.toString(shape),
          (b.length - data) + "");
    }
    float[] v = new float[(int) count];
    for (int i = 0; i < v.length; i++) {
      int at = data + i * size;
      v[i] =
          switch (descr) {
            case "<f4" -> buf.getFloat(at);
            case "<f8" -> (float) buf.getDouble(at);
            case "<i4" -> buf.getInt(at);
            default -> buf.getLong(at);
          };
    }
    return Tensor.of(v).reshape(shape);
  }

  private static boolean gzipped(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  private static String group(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw bad(file, "a header with '" + key + "'", header.trim());
    }
    return m.group(1);
  }

  private static IllegalArgumentException bad(Path file, String expected, Object actual) {
    return new IllegalArgumentException(
        "NpyFile.load: argument 'file' (" + file + ") expected " + expected + " but was " + actual);
  }
}
