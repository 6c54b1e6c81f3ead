package dev.myelin.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardTest {
  @Test
  void maskedCrcMatchesTfRecordDefinition() {
    // CRC-32C("123456789") = 0xE3069283; masked = rotr15 + 0xa282ead8
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertEquals(masked, TensorBoard.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void writesOneScalarPerEpochAndTagInTfRecords(@TempDir Path dir) throws Exception {
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(3);
      Tensor x = Tensor.randomNormal(new long[] {40, 2}, 0, 1, DType.FLOAT32);
      Tensor y = x.sum(1).gt(0).cast(DType.FLOAT32);
      Sequential m = new Sequential();
      m.add(new Dense(1).activation("sigmoid").inputShape(2));
      m.compile(new SGD(0.1), "binary_crossentropy", "accuracy");
      History h =
          m.fit(
              x,
              y,
              new FitOptions()
                  .epochs(3)
                  .verbose(0)
                  .validationSplit(0.25)
                  .callbacks(new TensorBoard(dir)));
      List<String[]> train = read(single(dir.resolve("train")));
      assertEquals("brain.Event:2", train.get(0)[0]);
      assertEquals(1 + 3 * 2, train.size());
      assertEquals("epoch_loss", train.get(1)[0]);
      assertEquals("0", train.get(1)[1]);
      assertEquals((float) (double) h.get("loss").get(0), Float.parseFloat(train.get(1)[2]));
      assertEquals("epoch_accuracy", train.get(6)[0]);
      assertEquals("2", train.get(6)[1]);
      List<String[]> val = read(single(dir.resolve("validation")));
      assertEquals("epoch_loss", val.get(1)[0]);
      assertEquals((float) (double) h.get("val_loss").get(2), Float.parseFloat(val.get(5)[2]));
    }
  }

  private static Path single(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.toList();
      assertEquals(1, files.size());
      return files.get(0);
    }
  }

  /** Decodes each record into {file_version} or {tag, step, value}, checking both CRCs. */
  private static List<String[]> read(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<String[]> r = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      assertEquals(TensorBoard.maskedCrc(len), b.getInt());
      byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertEquals(TensorBoard.maskedCrc(data), b.getInt());
      r.add(decode(data));
    }
    return r;
  }

  private static String[] decode(byte[] d) {
    ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    long step = 0;
    String tag = null;
    float value = 0;
    while (b.hasRemaining()) {
      int key = b.get() & 0xff;
      switch (key) {
        case 0x09 -> b.getLong();
        case 0x10 -> step = varint(b);
        case 0x1a -> {
          return new String[] {new String(bytes(b), StandardCharsets.UTF_8)};
        }
        case 0x2a -> {
          ByteBuffer s = ByteBuffer.wrap(bytes(b)).order(ByteOrder.LITTLE_ENDIAN);
          assertEquals(0x0a, s.get());
          ByteBuffer v = ByteBuffer.wrap(bytes(s)).order(ByteOrder.LITTLE_ENDIAN);
          assertEquals(0x0a, v.get());
          tag = new String(bytes(v), StandardCharsets.UTF_8);
          assertEquals(0x15, v.get());
          value = v.getFloat();
        }
        default ->
            throw new AssertionError("unexpected field key " + key + " in " + Arrays.toString(d));
      }
    }
    return new String[] {tag, Long.toString(step), Float.toString(value)};
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] r = new byte[(int) varint(b)];
    b.get(r);
    return r;
  }

  private static long varint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int c = b.get() & 0xff;
      v |= (long) (c & 0x7f) << shift;
      if ((c & 0x80) == 0) {
        return v;
      }
    }
  }
}
