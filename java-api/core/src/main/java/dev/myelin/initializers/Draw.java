package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random draws for the initializers: a fixed seed when given, else the calling thread's generator.
 */
final class Draw {
  private Draw() {}

  static Tensor uniform(long[] shape, double low, double high, DType dtype, Long seed) {
    checkFloat(dtype);
    return seed == null
        ? Tensor.randomUniform(shape, low, high, dtype)
        : Tensor.randomUniform(shape, low, high, dtype, seed);
  }

  static Tensor normal(long[] shape, double mean, double stddev, DType dtype, Long seed) {
    checkFloat(dtype);
    return seed == null
        ? Tensor.randomNormal(shape, mean, stddev, dtype)
        : Tensor.randomNormal(shape, mean, stddev, dtype, seed);
  }

  static Tensor truncated(long[] shape, double mean, double stddev, DType dtype, Long seed) {
    checkFloat(dtype);
    return seed == null
        ? Tensor.truncatedNormal(shape, mean, stddev, dtype)
        : Tensor.truncatedNormal(shape, mean, stddev, dtype, seed);
  }

  static void checkFloat(DType dtype) {
    if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
      throw Errors.arg("Initializer.apply", "dtype", "float32 or float64", dtype);
    }
  }

  static Map<String, Object> seedConfig(Long seed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    return m;
  }
}
