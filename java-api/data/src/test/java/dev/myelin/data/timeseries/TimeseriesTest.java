package dev.myelin.data.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.PythonScripts;
import dev.myelin.data.table.DataFrame;
import dev.myelin.models.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * timeseriesDatasetFromArray against Keras 3's window arithmetic (numpy mirror), the book's
 * create_lagged_Xy_win against pandas, and the date split.
 */
class TimeseriesTest {
  @Test
  void windowsMatchKerasArithmetic() throws Exception {
    Path dir = Files.createTempDirectory("ts");
    JsonNode fx =
        PythonScripts.json("numpy_text_check.py", Map.of(), dir.resolve("t.json"), "timeseries");
    float[][] data = floats(fx.get("data"));
    float[][] targets = new float[fx.get("targets").size()][1];
    for (int i = 0; i < targets.length; i++) {
      targets[i][0] = (float) fx.get("targets").get(i).asDouble();
    }
    var names = fx.get("cases").fieldNames();
    int checked = 0;
    while (names.hasNext()) {
      String name = names.next();
      JsonNode c = fx.get("cases").get(name);
      JsonNode kw = c.get("kwargs");
      float[][] t =
          name.equals("targets_short")
              ? java.util.Arrays.copyOf(targets, 20)
              : name.equals("no_targets") ? null : targets;
      TimeseriesDataset ds =
          TimeseriesDataset.fromArray(data, t, kw.get("sequence_length").asInt());
      if (kw.has("sequence_stride")) ds.sequenceStride(kw.get("sequence_stride").asInt());
      if (kw.has("sampling_rate")) ds.samplingRate(kw.get("sampling_rate").asInt());
      if (kw.has("batch_size")) ds.batchSize(kw.get("batch_size").asInt());
      if (kw.has("shuffle")) ds.shuffle(kw.get("shuffle").asBoolean());
      if (kw.has("seed")) ds.seed(kw.get("seed").asLong());
      if (kw.has("start_index")) ds.startIndex(kw.get("start_index").asInt());
      if (kw.has("end_index")) ds.endIndex(kw.get("end_index").asInt());
      assertArrayEquals(PythonScripts.ints(c.get("starts")), ds.startPositions(), name);
      int[] batches = PythonScripts.ints(c.get("batches"));
      assertEquals(batches.length, ds.steps(), name);
      int window = 0;
      try (TensorScope scope = new TensorScope()) {
        for (int s = 0; s < batches.length; s++) {
          Batch b = ds.batch(s);
          Tensor x = b.x()[0];
          assertEquals(batches[s], x.dim(0), name + " batch " + s);
          float[] xf = x.toFloatArray();
          float[] yf = b.y() == null ? null : b.y()[0].toFloatArray();
          int per = (int) (x.dim(1) * x.dim(2));
          for (int i = 0; i < batches[s]; i++, window++) {
            float[][] exp = floats(c.get("x").get(window));
            for (int k = 0; k < exp.length; k++) {
              for (int f = 0; f < exp[k].length; f++) {
                assertEquals(
                    exp[k][f], xf[i * per + k * exp[k].length + f], name + " window " + window);
              }
            }
            if (yf != null) {
              assertEquals(
                  (float) c.get("y").get(window).asDouble(), yf[i], name + " target " + window);
            } else {
              assertTrue(c.get("y").isNull());
            }
          }
        }
      }
      checked++;
    }
    assertEquals(6, checked);
  }

  @Test
  void badWindowArgumentsAreNamed() {
    float[][] data = new float[10][1];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TimeseriesDataset.fromArray(data, null, 3).endIndex(10).startPositions());
    assertTrue(e.getMessage().contains("'endIndex'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TimeseriesDataset.fromArray(data, null, 3).samplingRate(0).startPositions());
    assertThrows(
        IllegalArgumentException.class,
        () -> TimeseriesDataset.fromArray(data, null, 3).startIndex(-1).startPositions());
    float[][] ragged = {{1, 2}, {3}};
    IllegalArgumentException r =
        assertThrows(
            IllegalArgumentException.class, () -> TimeseriesDataset.fromArray(ragged, null, 1));
    assertTrue(r.getMessage().contains("row 1"), r.getMessage());
  }

  @Test
  void laggedWindowsMatchTheBooksPandasHelper() throws Exception {
    Path dir = Files.createTempDirectory("lag");
    JsonNode fx =
        PythonScripts.json("numpy_text_check.py", Map.of(), dir.resolve("l.json"), "lagged");
    double[] series = PythonScripts.doubles(fx.get("series"));
    for (JsonNode c : fx.get("cases")) {
      LaggedWindows w =
          LaggedWindows.of(series, c.get("start_lag").asInt(), c.get("window_len").asInt());
      JsonNode x = c.get("x");
      assertEquals(x.size(), w.samples());
      for (int s = 0; s < w.samples(); s++) {
        for (int k = 0; k < w.windowLen(); k++) {
          assertEquals((float) x.get(s).get(k).asDouble(), w.x()[s * w.windowLen() + k]);
        }
        assertEquals((float) c.get("y").get(s).asDouble(), w.y()[s]);
      }
    }
    // The book's Ontario windows: 93552 training values give (93528, 24, 1).
    LaggedWindows ontario = LaggedWindows.of(new double[93552], 1, 24);
    try (TensorScope scope = new TensorScope()) {
      assertArrayEquals(new long[] {93528, 24, 1}, ontario.toTensor().shape());
    }
  }

  @Test
  void dateSplitKeepsTheSplitRowInBothParts() {
    List<List<Object>> rows = new ArrayList<>();
    for (int d = 0; d < 6; d++) {
      rows.add(List.of(LocalDateTime.of(2013, 12, 29, 0, 0).plusDays(d), (double) d));
    }
    DataFrame df = DataFrame.fromRows(List.of("date", "v"), rows).setIndex("date");
    DateSplit split = DateSplit.at(df, LocalDateTime.of(2014, 1, 1, 0, 0));
    assertEquals(4, split.train().length());
    assertEquals(3, split.test().length());
  }

  private static float[][] floats(JsonNode rows) {
    float[][] out = new float[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = new float[rows.get(r).size()];
      for (int c = 0; c < out[r].length; c++) {
        out[r][c] = (float) rows.get(r).get(c).asDouble();
      }
    }
    return out;
  }
}
