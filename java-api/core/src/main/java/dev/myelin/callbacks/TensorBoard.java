package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes per-epoch scalars as TensorFlow event files that TensorBoard reads, laid out as Keras
 * does: {@code logDir/train/events.out.tfevents.*} with {@code epoch_loss}, {@code epoch_accuracy},
 * ... and {@code logDir/validation/...} with the {@code val_} values under the same tags. Each file
 * is a TFRecord stream of {@code Event} protocol buffers (a {@code file_version} event, then one
 * {@code simple_value} summary per scalar and epoch).
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(10).callbacks(new TensorBoard(Path.of("logs"))));
 * }</pre>
 */
public final class TensorBoard extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        TensorBoard.class,
        "TensorBoard",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final Path logDir;
  private OutputStream train;
  private OutputStream validation;

  /** A writer under {@code logDir} (created if missing). */
  public TensorBoard(Path logDir) {
    if (logDir == null) {
      throw new IllegalArgumentException(
          "TensorBoard: argument 'logDir' expected a directory path but was null");
    }
    this.logDir = logDir;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    train = open("train");
    validation = null;
  }

  private OutputStream open(String sub) {
    try {
      Path dir = Files.createDirectories(logDir.resolve(sub));
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      double now = System.currentTimeMillis() / 1000.0;
      Path file = dir.resolve("events.out.tfevents." + (long) now + "." + host + ".v2");
      OutputStream out = Files.newOutputStream(file);
      writeRecord(out, event(now, 0, "brain.Event:2", null, 0));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "TensorBoard: cannot create an event file under " + logDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double now = System.currentTimeMillis() / 1000.0;
    try {
      for (Map.Entry<String, Double> e : logs.entrySet()) {
        String key = e.getKey();
        if (key.startsWith("val_")) {
          if (validation == null) {
            validation = open("validation");
          }
          writeRecord(
              validation, event(now, epoch, null, "epoch_" + key.substring(4), e.getValue()));
        } else {
          writeRecord(train, event(now, epoch, null, "epoch_" + key, e.getValue()));
        }
      }
      train.flush();
      if (validation != null) {
        validation.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "TensorBoard: cannot write under " + logDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (train != null) {
        train.close();
      }
      if (validation != null) {
        validation.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot close event files: " + e.getMessage(), e);
    } finally {
      train = null;
      validation = null;
    }
  }

  /** Encodes an {@code Event}: wall_time (1), step (2), file_version (3) or summary (5). */
  static byte[] event(double wallTime, long step, String fileVersion, String tag, double value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x09);
    writeFixed64(b, Double.doubleToLongBits(wallTime));
    b.write(0x10);
    writeVarint(b, step);
    if (fileVersion != null) {
      byte[] v = fileVersion.getBytes(StandardCharsets.UTF_8);
      b.write(0x1a);
      writeVarint(b, v.length);
      b.writeBytes(v);
    } else {
      ByteArrayOutputStream val = new ByteArrayOutputStream();
      byte[] t = tag.getBytes(StandardCharsets.UTF_8);
      val.write(0x0a);
      writeVarint(val, t.length);
      val.writeBytes(t);
      val.write(0x15);
      int bits = Float.floatToIntBits((float) value);
      for (int i = 0; i < 4; i++) {
        val.write((bits >>> (8 * i)) & 0xff);
      }
      ByteArrayOutputStream summary = new ByteArrayOutputStream();
      summary.write(0x0a);
      writeVarint(summary, val.size());
      summary.writeBytes(val.toByteArray());
      b.write(0x2a);
      writeVarint(b, summary.size());
      b.writeBytes(summary.toByteArray());
    }
    return b.toByteArray();
  }

  /**
   * Writes one TFRecord: length, masked CRC-32C of the length, data, masked CRC-32C of the data.
   */
  static void writeRecord(OutputStream out, byte[] data) throws IOException {
    byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(len);
    out.write(le32(maskedCrc(len)));
    out.write(data);
    out.write(le32(maskedCrc(data)));
  }

  /** TFRecord's masked CRC-32C. */
  static int maskedCrc(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static void writeFixed64(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 8; i++) {
      b.write((int) ((v >>> (8 * i)) & 0xff));
    }
  }

  private static void writeVarint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
  }

  /**
   * A TensorBoard from Keras's constructor arguments as a config map (snake_case keys; missing ones
   * take the defaults).
   */
  public static TensorBoard fromConfig(Map<String, Object> c) {
    return new TensorBoard(Path.of(String.valueOf(c.getOrDefault("log_dir", "logs"))));
  }
}
