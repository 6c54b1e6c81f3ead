package dev.myelin.bridge;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.bridge.arrow.ArrowImport;
import dev.myelin.bridge.arrow.ArrowTensors;
import dev.myelin.bridge.arrow.PyArrowExchange;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Times handing a 1 KiB and a 256 MiB float32 tensor across the bridge in each direction and format
 * (median of many handoffs, microseconds); a pointer handoff takes the same time for both. A
 * benchmark, not a test: run it with {@code java -cp ... dev.myelin.bridge.HandoffBenchmark}.
 */
public final class HandoffBenchmark {
  private static final int REPEATS = 200;

  private HandoffBenchmark() {}

  /** A step to time once per repeat. */
  private interface Step {
    void run() throws Exception;
  }

  private static double medianMicros(Step step) throws Exception {
    for (int i = 0; i < 20; i++) {
      step.run();
    }
    double[] t = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      step.run();
      t[i] = (System.nanoTime() - t0) / 1e3;
    }
    Arrays.sort(t);
    return t[REPEATS / 2];
  }

  /** Prints one line per direction and format with the 1 KiB and 256 MiB medians. */
  public static void main(String[] args) throws Exception {
    long[] sizes = {256, 64L << 20};
    String[] labels = {"1 KiB", "256 MiB"};
    double[][] results = new double[7][2];
    try (PythonInterpreter py = PythonInterpreter.start();
        BufferAllocator allocator = new RootAllocator()) {
      py.exec("import numpy as np, pyarrow as pa");
      for (int s = 0; s < sizes.length; s++) {
        long n = sizes[s];
        try (Tensor t = Tensor.ones(DType.FLOAT32, n)) {
          results[0][s] = medianMicros(() -> py.set("a", t));
          py.exec("del a");
          py.exec("b = np.ones(" + n + ", dtype=np.float32)");
          results[1][s] =
              medianMicros(
                  () -> {
                    try (Tensor u = py.getTensor("b")) {
                      u.address();
                    }
                  });
          results[2][s] =
              medianMicros(
                  () -> {
                    try (FieldVector v = ArrowTensors.toVector(t, "t", allocator)) {
                      PyArrowExchange.toPyArrow(py, "arr", v, allocator);
                    }
                  });
          py.exec("c = pa.array(b)\ndel arr");
          results[4][s] =
              medianMicros(
                  () -> {
                    try (FieldVector v = ArrowTensors.toVector(t, "t", allocator)) {
                      v.getValueCount();
                    }
                  });
          results[3][s] =
              medianMicros(
                  () -> {
                    try (FieldVector v = PyArrowExchange.fromPyArrow(py, "c", allocator)) {
                      ArrowImport imp = ArrowTensors.toTensor(v);
                      imp.tensor().close();
                    }
                  });
          results[5][s] =
              medianMicros(
                  () -> {
                    PyArrowExchange.tensorToPyArrow(py, "arr", t);
                    py.exec("del arr");
                  });
          results[6][s] =
              medianMicros(
                  () -> {
                    try (Tensor u = PyArrowExchange.tensorFromPyArrow(py, "c")) {
                      u.address();
                    }
                  });
          py.exec("del b, c");
        }
      }
    }
    String[] names = {
      "tensor -> numpy (Jep DirectNDArray)",
      "numpy -> tensor (array interface)",
      "tensor -> pyarrow (Arrow C Data)",
      "pyarrow -> tensor (Arrow C Data)",
      "tensor -> Arrow vector (Java only)",
      "tensor -> pyarrow (tensorToPyArrow)",
      "pyarrow -> tensor (tensorFromPyArrow)"
    };
    System.out.printf(
        "%-38s %12s %12s%n", "handoff (median of " + REPEATS + ", us)", labels[0], labels[1]);
    for (int i = 0; i < names.length; i++) {
      System.out.printf("%-38s %12.1f %12.1f%n", names[i], results[i][0], results[i][1]);
    }
  }
}
