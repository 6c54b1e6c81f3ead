package dev.myelin.models;

import java.util.List;
import java.util.Map;

/**
 * Whether a model class runs {@link Model}'s own {@code trainStep} and {@code testStep}, whose logs
 * are exactly {@link StepContext#values()} under {@link Model#metricsNames()}. The loops then call
 * the compiled step and read that array, instead of filling the step's log map and copying it entry
 * by entry into the batch logs and the epoch sums: on the traced tiny step those map copies were a
 * measurable share of a 9 us step (docs/architecture.md, "Speed before and after the refactor"). An
 * overriding step runs as written and its map is read as before.
 */
final class DefaultSteps {
  private DefaultSteps() {}

  /** Per model class: {trainStep is Model's, testStep is Model's}. */
  private static final ClassValue<boolean[]> DEFAULTS =
      new ClassValue<>() {
        @Override
        protected boolean[] computeValue(Class<?> type) {
          return new boolean[] {
            declaredByModel(type, "trainStep"), declaredByModel(type, "testStep")
          };
        }
      };

  private static boolean declaredByModel(Class<?> type, String name) {
    try {
      return type.getMethod(name, StepContext.class).getDeclaringClass() == Model.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Whether {@code m} trains with the default {@link Model#trainStep}. */
  static boolean train(Model m) {
    return DEFAULTS.get(m.getClass())[0];
  }

  /** Whether {@code m} evaluates with the default {@link Model#testStep}. */
  static boolean test(Model m) {
    return DEFAULTS.get(m.getClass())[1];
  }

  /** Puts the default step's values into {@code logs} under their names, in order. */
  static void put(Map<String, Double> logs, List<String> names, double[] values) {
    for (int k = 0; k < values.length; k++) {
      logs.put(names.get(k), values[k]);
    }
  }
}
