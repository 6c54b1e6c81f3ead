package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.models.FitOptions;
import dev.myelin.models.PredictOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The threading contract (see {@link Tensor} and {@link dev.myelin.models.Model}): work on several
 * threads gives, value for value, what the same work gives on one thread. Each case counts the
 * results that differ from the single-threaded reference and expects none.
 */
class ConcurrencyTest {
  private static final int THREADS = 4;

  /** Runs {@code task(t)} on {@code THREADS} threads at once and returns their results. */
  private static <T> List<T> onThreads(int threads, ThreadTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int id = t;
        fs.add(pool.submit((Callable<T>) () -> task.run(id)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private interface ThreadTask<T> {
    T run(int thread) throws Exception;
  }

  private static Tensor normal(long seed, long... shape) {
    return Tensor.randomNormal(shape, 0, 1, DType.FLOAT32, seed);
  }

  /**
   * Products that go to oneDNN (small ones take Myelin's own kernel); long reductions make oneDNN
   * split K across threads and sum partial products in its scratchpad, which is where threads that
   * shared one scratchpad got each other's results.
   */
  private static final long[][] SHAPES = {{1, 8192, 16}, {1, 4096, 64}, {32, 256, 256}};

  @Test
  void sharedWeightMatmulAndDenseEqualSingleThreaded() throws Exception {
    for (long[] s : SHAPES) {
      try (TensorScope scope = new TensorScope()) {
        Tensor w = normal(99, s[1], s[2]).detach();
        Tensor c = normal(98, s[2]).detach();
        float[][] mm = new float[THREADS][];
        float[][] dn = new float[THREADS][];
        for (int t = 0; t < THREADS; t++) {
          Tensor a = normal(t, s[0], s[1]);
          mm[t] = a.matmul(w).toFloatArray();
          dn[t] = Tensor.dense(a, w, c, "relu").toFloatArray();
        }
        List<Integer> wrong =
            onThreads(
                THREADS,
                t -> {
                  int bad = 0;
                  try (TensorScope ts = new TensorScope()) {
                    Tensor a = normal(t, s[0], s[1]);
                    for (int i = 0; i < 200; i++) {
                      try (TensorScope step = new TensorScope()) {
                        bad += java.util.Arrays.equals(a.matmul(w).toFloatArray(), mm[t]) ? 0 : 1;
                        bad +=
                            java.util.Arrays.equals(
                                    Tensor.dense(a, w, c, "relu").toFloatArray(), dn[t])
                                ? 0
                                : 1;
                      }
                    }
                  }
                  return bad;
                });
        w.close();
        c.close();
        assertEquals(
            0,
            wrong.stream().mapToInt(Integer::intValue).sum(),
            "shape " + s[0] + "x" + s[1] + "x" + s[2] + " per thread " + wrong);
      }
    }
  }

  /** A small classifier with dropout, so training draws weights, shuffles and masks. */
  private static Sequential model() {
    Sequential m = new Sequential();
    m.add(new Dense(64).activation("relu").inputShape(32));
    m.add(new Dropout(0.2));
    m.add(new Dense(10).activation("softmax"));
    m.compile(new Adam(0.01), "sparse_categorical_crossentropy");
    return m;
  }

  /** Trains one model from {@code seed} on the calling thread and returns its weights. */
  private static float[][] train(long seed) {
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Tensor x = Tensor.randomNormal(new long[] {256, 32}, 0, 1, DType.FLOAT32);
      Tensor y = x.slice(Slice.all(), Slice.range(0, 10)).argmax(1).cast(DType.FLOAT32);
      Sequential m = model();
      m.fit(x, y, new FitOptions().epochs(3).batchSize(32).verbose(0));
      List<Tensor> ws = m.getWeights();
      float[][] r = new float[ws.size()][];
      for (int i = 0; i < r.length; i++) {
        r[i] = ws.get(i).toFloatArray();
      }
      return r;
    }
  }

  @Test
  void modelsTrainedOnSeparateThreadsEqualSequentialTraining() throws Exception {
    float[][][] sequential = new float[THREADS][][];
    for (int t = 0; t < THREADS; t++) {
      sequential[t] = train(100 + t);
    }
    List<float[][]> parallel = onThreads(THREADS, t -> train(100 + t));
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < sequential[t].length; i++) {
        assertArrayEquals(sequential[t][i], parallel.get(t)[i], "model " + t + " weight " + i);
      }
    }
  }

  @Test
  void sharedModelPredictsAsOnOneThread() throws Exception {
    Sequential m = wideModel();
    final int inputs = 8;
    float[][] expected = new float[inputs][];
    try (TensorScope scope = new TensorScope()) {
      for (int i = 0; i < inputs; i++) {
        expected[i] =
            m.predict(normal(500 + i, 4, 8192), new PredictOptions().batchSize(1)).toFloatArray();
      }
    }
    AtomicInteger checked = new AtomicInteger();
    List<Integer> wrong =
        onThreads(
            6,
            t -> {
              int bad = 0;
              try (TensorScope scope = new TensorScope()) {
                Tensor[] x = new Tensor[inputs];
                for (int i = 0; i < inputs; i++) {
                  x[i] = normal(500 + i, 4, 8192);
                }
                for (int r = 0; r < 40; r++) {
                  int i = (r + t) % inputs;
                  try (TensorScope step = new TensorScope()) {
                    bad +=
                        java.util.Arrays.equals(
                                m.predict(x[i], new PredictOptions().batchSize(1)).toFloatArray(),
                                expected[i])
                            ? 0
                            : 1;
                    checked.incrementAndGet();
                  }
                }
              }
              return bad;
            });
    assertEquals(6 * 40, checked.get());
    assertEquals(0, wrong.stream().mapToInt(Integer::intValue).sum(), "per thread " + wrong);
  }

  /** A built classifier over 8192 features, predicting one row per batch (long reductions). */
  private static Sequential wideModel() {
    Myelin.setSeed(7);
    Sequential m = new Sequential();
    m.add(new Dense(16).activation("relu").inputShape(8192));
    m.add(new Dense(10).activation("softmax"));
    m.build(new long[] {-1, 8192});
    return m;
  }
}
