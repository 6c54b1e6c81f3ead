package dev.myelin.optimizers.schedules;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]} while {@code
 * boundaries[i-1] < step <= boundaries[i]}, and the last value after the last boundary.
 *
 * <pre>{@code
 * LearningRateSchedule s = new PiecewiseConstantDecay(new long[] {100, 200}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  /** The schedule; {@code values} has one more element than {@code boundaries}. */
  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (boundaries == null || values == null || values.length != boundaries.length + 1) {
      throw new IllegalArgumentException(
          "PiecewiseConstantDecay: argument 'values' expected one more element than 'boundaries'"
              + " but got "
              + (values == null ? "null" : values.length)
              + " values for "
              + (boundaries == null ? "null" : boundaries.length)
              + " boundaries");
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public double apply(long step) {
    for (int i = 0; i < boundaries.length; i++) {
      if (step <= boundaries[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  @Override
  public String className() {
    return "PiecewiseConstantDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("boundaries", Arrays.stream(boundaries).boxed().toList());
    c.put("values", Arrays.stream(values).boxed().toList());
    c.put("name", "PiecewiseConstant");
    return c;
  }
}
