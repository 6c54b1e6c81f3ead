package dev.myelin.data.datasets;

import static dev.myelin.data.Fixtures.assertWithinUlps;
import static dev.myelin.data.Fixtures.doubles;
import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keyword builders against scikit-learn 1.9.1 called by keyword with its defaults
 * (tests/fixtures/generate_generator_options.py): same samples, labels and order, bit for bit
 * except where the points come from sin/cos (moons, circles: within 4 ulps, as the positional
 * tests).
 */
class GeneratorOptionsTest {
  private static final List<Object> CASES = list(Fixtures.load("generator_options.json"), "cases");

  private static int count(Map<?, ?> kw, String key) {
    return ((Number) kw.get(key)).intValue();
  }

  private static double real(Map<?, ?> kw, String key) {
    return ((Number) kw.get(key)).doubleValue();
  }

  /** Applies the shared keywords. */
  private static <T extends GeneratorOptions<T>> T common(T o, Map<?, ?> kw) {
    if (kw.containsKey("n_samples")) {
      o.nSamples(count(kw, "n_samples"));
    }
    if (kw.containsKey("shuffle")) {
      o.shuffle((Boolean) kw.get("shuffle"));
    }
    return o.randomState(((Number) kw.get("random_state")).longValue());
  }

  @Test
  void buildersMatchScikitLearnCalledByKeyword() {
    int checked = 0;
    for (Object c : CASES) {
      Map<?, ?> m = (Map<?, ?>) c;
      Map<?, ?> kw = (Map<?, ?>) m.get("kwargs");
      String kind = (String) m.get("kind");
      double[][] x;
      double[] y;
      switch (kind) {
        case "moons" -> {
          Moons o = common(SampleGenerators.moons(), kw);
          if (kw.containsKey("noise")) {
            o.noise(real(kw, "noise"));
          }
          LabeledDataset d = o.make();
          // make_moons goes through sin/cos, where Java's libm and numpy's may differ by an ulp.
          assertWithinUlps(matrix(m.get("x")), d.x(), 4, "moons " + kw);
          assertArrayEquals(ints(m.get("y")), d.labels());
          checked++;
          continue;
        }
        case "circles" -> {
          Circles o = common(SampleGenerators.circles(), kw);
          if (kw.containsKey("noise")) {
            o.noise(real(kw, "noise"));
          }
          if (kw.containsKey("factor")) {
            o.factor(real(kw, "factor"));
          }
          LabeledDataset d = o.make();
          // cos/sin again: at 1000 points one of them lands an ulp away from numpy's libm.
          assertWithinUlps(matrix(m.get("x")), d.x(), 4, "circles " + kw);
          assertArrayEquals(ints(m.get("y")), d.labels());
          checked++;
          continue;
        }
        case "blobs" -> {
          Blobs o = common(SampleGenerators.blobs(), kw);
          Object centers = kw.get("centers");
          if (centers instanceof Number n) {
            o.centers(n.intValue());
          } else if (centers != null) {
            o.centers(matrix(centers));
          }
          if (kw.containsKey("cluster_std")) {
            o.clusterStd(real(kw, "cluster_std"));
          }
          LabeledDataset d = o.make();
          x = d.x();
          y = java.util.Arrays.stream(d.labels()).asDoubleStream().toArray();
        }
        case "classification" -> {
          Classification o = common(SampleGenerators.classification(), kw);
          if (kw.containsKey("n_features")) {
            o.nFeatures(count(kw, "n_features"))
                .nInformative(count(kw, "n_informative"))
                .nRedundant(count(kw, "n_redundant"))
                .nClasses(count(kw, "n_classes"))
                .nClustersPerClass(count(kw, "n_clusters_per_class"))
                .flipY(real(kw, "flip_y"))
                .classSep(real(kw, "class_sep"));
          }
          LabeledDataset d = o.make();
          x = d.x();
          y = java.util.Arrays.stream(d.labels()).asDoubleStream().toArray();
        }
        case "regression" -> {
          Regression o = common(SampleGenerators.regression(), kw);
          if (kw.containsKey("n_features")) {
            o.nFeatures(count(kw, "n_features"))
                .nInformative(count(kw, "n_informative"))
                .bias(real(kw, "bias"))
                .noise(real(kw, "noise"));
          }
          Dataset d = o.make();
          x = d.x();
          y = d.y();
        }
        default -> throw new AssertionError(kind);
      }
      // Gaussian draws go through log: Java's Math.log and glibc's differ in the last bit for
      // about 3 in 10,000 arguments (see RandomState.standardNormal), so values get 4 ulps;
      // labels, sizes and order are exact.
      // make_classification also multiplies by random matrices (numpy's BLAS sums in another
      // order, with FMA): a few more ulps there.
      int ulps = kind.equals("classification") ? 64 : 4;
      assertWithinUlps(matrix(m.get("x")), x, ulps, kind + " x " + kw);
      if (kind.equals("regression")) {
        // y = X @ coef over up to 100 features with cancellation: an absolute bound.
        double[] want = doubles(m.get("y"));
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], y[i], 1e-11, "regression y[" + i + "] " + kw);
        }
      } else {
        assertArrayEquals(
            ints(m.get("y")), java.util.Arrays.stream(y).mapToInt(v -> (int) v).toArray());
      }
      checked++;
    }
    assertEquals(11, checked);
  }

  @Test
  void defaultsAreScikitLearns() {
    LabeledDataset blobs = SampleGenerators.blobs().randomState(0).make();
    assertEquals(100, blobs.x().length);
    assertEquals(2, blobs.x()[0].length);
    assertEquals(3, java.util.Arrays.stream(blobs.labels()).distinct().count());
    assertEquals(20, SampleGenerators.classification().randomState(1).make().x()[0].length);
    assertEquals(
        100, SampleGenerators.regression().nSamples(3).randomState(1).make().x()[0].length);
  }

  @Test
  void noRandomStateDrawsAFreshSeedEachCall() {
    double[][] a = SampleGenerators.blobs().make().x();
    double[][] b = SampleGenerators.blobs().make().x();
    assertNotEquals(a[0][0], b[0][0]);
  }
}
