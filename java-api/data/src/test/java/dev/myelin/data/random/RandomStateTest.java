package dev.myelin.data.random;

import static dev.myelin.data.Fixtures.assertBitExact;
import static dev.myelin.data.Fixtures.assertWithinUlps;
import static dev.myelin.data.Fixtures.doubles;
import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.longValue;
import static dev.myelin.data.Fixtures.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomStateTest {
  private static final Map<String, Object> FIXTURE =
      Fixtures.map(Fixtures.load("random_state.json"), "cases");

  private static long[] flatten(long[][] rows) {
    return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
  }

  @Test
  void everyDrawMatchesNumpyForSeveralSeeds() {
    for (Object stream : list(FIXTURE, "streams")) {
      long seed = longValue(stream, "seed");
      String s = "seed " + seed + " ";
      Map<?, ?> c = (Map<?, ?>) stream;
      RandomState rng = new RandomState(seed);
      assertBitExact(doubles(c.get("random_sample")), rng.randomSample(20), s + "random_sample");
      assertArrayEquals(longs(c.get("randint_small")), rng.randint(0, 10, 20), s + "randint");
      assertArrayEquals(longs(c.get("randint_neg")), rng.randint(-5, 3, 20), s + "randint neg");
      assertArrayEquals(
          longs(c.get("randint_large")),
          rng.randint(-(1L << 40), 1L << 40, 20),
          s + "randint 2^41");
      assertArrayEquals(
          longs(c.get("randint_full32")), rng.randint(0, 1L << 32, 10), s + "randint 2^32");
      assertArrayEquals(
          longs(c.get("randint_huge")), rng.randint(-(1L << 62), 1L << 62, 10), s + "randint 2^63");
      // Java's Math.log and glibc's log differ in the last bit for ~0.03% of arguments.
      assertWithinUlps(doubles(c.get("standard_normal")), rng.standardNormal(21), 1, s + "normal");
      assertWithinUlps(doubles(c.get("normal")), rng.normal(3.0, 2.5, 15), 1, s + "normal(3, 2.5)");
      assertBitExact(doubles(c.get("uniform")), rng.uniform(-2.0, 5.0, 15), s + "uniform");
      assertArrayEquals(longs(c.get("binomial_small")), rng.binomial(10, 0.3, 30), s + "binomial");
      assertArrayEquals(longs(c.get("binomial_high_p")), rng.binomial(20, 0.9, 30), s + "binom .9");
      assertArrayEquals(longs(c.get("binomial_large")), rng.binomial(1000, 0.4, 30), s + "btpe");
      assertArrayEquals(
          longs(c.get("binomial_large_high_p")), rng.binomial(500, 0.85, 30), s + "btpe .85");
      long[] multinomial = flatten(rng.multinomial(100, new double[] {0.2, 0.3, 0.5}, 5));
      long[] expectedMultinomial =
          ((List<?>) c.get("multinomial"))
              .stream().flatMapToLong(row -> java.util.Arrays.stream(longs(row))).toArray();
      assertArrayEquals(expectedMultinomial, multinomial, s + "multinomial");
      assertArrayEquals(
          ints(c.get("choice_replace")), rng.choice(10, 15, true, null), s + "choice");
      assertArrayEquals(
          ints(c.get("choice_p")),
          rng.choice(5, 20, true, new double[] {0.1, 0.2, 0.3, 0.15, 0.25}),
          s + "choice p");
      assertArrayEquals(
          ints(c.get("choice_no_replace")), rng.choice(20, 8, false, null), s + "choice no repl");
      assertArrayEquals(
          ints(c.get("choice_no_replace_p")),
          rng.choice(6, 4, false, new double[] {0.1, 0.2, 0.3, 0.05, 0.15, 0.2}),
          s + "choice no repl p");
      assertArrayEquals(ints(c.get("permutation")), rng.permutation(12), s + "permutation");
      int[] ten = range(10);
      rng.shuffle(ten);
      assertArrayEquals(ints(c.get("shuffle10")), ten, s + "shuffle 10");
      int[] expected1000 = ints(c.get("shuffle1000"));
      if (expected1000.length > 0) {
        int[] thousand = range(1000);
        rng.shuffle(thousand);
        assertArrayEquals(expected1000, thousand, s + "shuffle 1000");
      }
      assertBitExact(doubles(c.get("after")), rng.randomSample(3), s + "stream position");
    }
  }

  @Test
  void rawOutputAndArraySeedsMatchNumpy() {
    RandomState seven = new RandomState(7);
    long[] raw = new long[8];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = seven.nextUint32();
    }
    assertArrayEquals(longs(FIXTURE.get("raw_seed7_uint32")), raw);
    assertBitExact(
        doubles(FIXTURE.get("array_seed_123")),
        RandomState.fromArray(1, 2, 3).randomSample(10),
        "RandomState([1, 2, 3])");
    long[] key = new long[700];
    for (int i = 0; i < key.length; i++) {
      key[i] = i;
    }
    assertBitExact(
        doubles(FIXTURE.get("array_seed_700")),
        RandomState.fromArray(key).randomSample(10),
        "RandomState(range(700))");
  }

  @Test
  void sampleWithoutReplacementMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "sample_without_replacement")) {
      int n = (int) longValue(c, "n_population");
      int k = (int) longValue(c, "n_samples");
      RandomState rng = new RandomState(longValue(c, "seed"));
      assertArrayEquals(
          ints(((Map<?, ?>) c).get("result")),
          SampleWithoutReplacement.sample(n, k, rng),
          "sample_without_replacement(" + n + ", " + k + ")");
    }
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RandomState(-1));
    assertTrue(e.getMessage().startsWith("seed: expected"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomState(0).randint(5, 5));
    assertTrue(e.getMessage().contains("high"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RandomState(0).choice(3, 2, true, new double[] {0.5, 0.5}));
    assertTrue(e.getMessage().contains("p.length=2") && e.getMessage().contains("=3"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new RandomState(0).choice(3, 4, false, null));
    assertTrue(e.getMessage().startsWith("size:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RandomState(0).binomial(5, 1.5));
    assertTrue(e.getMessage().startsWith("p:"), e.getMessage());
  }

  private static int[] range(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
