package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.random.RandomState;
import dev.myelin.data.text.CharGenerator;
import dev.myelin.data.text.CharVocabulary;
import dev.myelin.data.text.TemperatureSampler;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chapter 8.6 and 8.7: a character-level model of first names. Windows of three characters of
 * {@code names.txt} predict the next one through {@code Input((3,)) -> Embedding(28, 5) -> LSTM(8)
 * -> Dense(28, softmax)}; then names are completed by sampling with a temperature ("diversity").
 */
public final class CharNames implements Example {
  /** The figures the chapter prints. */
  public record Result(
      int names,
      int vocabulary,
      long[] xShape,
      long[] yShape,
      Map<String, Integer> afterAnd,
      long params,
      Map<String, List<Double>> history,
      int[] drawCounts,
      String fromAli,
      List<String> diverse,
      List<String> random,
      List<String> greedy) {}

  @Override
  public String name() {
    return "char-names";
  }

  @Override
  public String description() {
    return "ch.8 names.txt: Embedding(5) -> LSTM(8) -> softmax next character, sampling names";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), 20, 1, 0);
  }

  /** Trains for {@code epochs}, then samples; {@code seed} seeds both. */
  public static Result run(Path data, int epochs, int verbose, long seed) {
    List<String> names = CharVocabulary.readNames(data.resolve("names.txt"));
    CharVocabulary chars = CharVocabulary.of(names);
    int maxlen = 3;
    CharVocabulary.Windows w = chars.windows(names, maxlen);
    int vocab = chars.size();
    Map<String, Integer> afterAnd = new TreeMap<>();
    int[] and = chars.encode("and");
    for (int i = 0; i < w.x().length; i++) {
      if (java.util.Arrays.equals(w.x()[i], and)) {
        afterAnd.merge(chars.charAt(w.next()[i]), 1, Integer::sum);
      }
    }
    if (verbose > 0) {
      System.out.println(names.size() + " names, " + vocab + " characters");
      System.out.println(
          "X (" + w.x().length + ", " + maxlen + "), y (" + w.x().length + ", " + vocab + ")");
      System.out.println("next character after 'and': " + afterAnd);
    }
    Myelin.setSeed(seed);
    KerasTensor inputs = Input.of(maxlen);
    KerasTensor h = new Embedding(vocab, 5).apply(inputs);
    h = new LSTM(8).apply(h);
    KerasTensor outputs = new Dense(vocab).activation("softmax").apply(h);
    Model model = new Model(inputs, outputs);
    model.compile("adam", "categorical_crossentropy", "accuracy");
    Map<String, List<Double>> history;
    try (TensorScope scope = new TensorScope()) {
      Tensor x =
          Tensor.fromArray(flatten(w.x()), w.x().length, maxlen).cast(dev.myelin.DType.FLOAT32);
      Tensor y = Tensor.fromArray(w.next(), w.next().length).oneHot(vocab);
      history =
          model.fit(x, y, new FitOptions().epochs(epochs).batchSize(32).verbose(verbose)).history();
    }

    // 8.7: the book's sample() on a fixed distribution, then names from seeds.
    RandomState rng = new RandomState(seed);
    int[] counts = new int[3];
    for (int i = 0; i < 100; i++) {
      counts[TemperatureSampler.sample(new double[] {0.25, 0.65, 0.1}, 1.0, rng)]++;
    }
    CharGenerator gen = new CharGenerator(CharGenerator.NextChar.of(model), chars, maxlen);
    String ali = gen.complete("ali", null, 1.0, rng);
    List<String> diverse = complete(gen, 1.0, null, rng);
    List<String> random = complete(gen, 10.0, 20, rng);
    List<String> greedy = complete(gen, 0.01, null, rng);
    if (verbose > 0) {
      System.out.println(
          "Counter({1: " + counts[1] + ", 0: " + counts[0] + ", 2: " + counts[2] + "})");
      System.out.println("from 'ali': " + ali.strip());
      System.out.println("diversity 1.0: " + String.join(", ", diverse));
      System.out.println("diversity 10: " + String.join(", ", random));
      System.out.println("diversity 0.01: " + String.join(", ", greedy));
    }
    return new Result(
        names.size(),
        vocab,
        new long[] {w.x().length, maxlen},
        new long[] {w.x().length, vocab},
        afterAnd,
        model.countParams(),
        history,
        counts,
        ali,
        diverse,
        random,
        greedy);
  }

  /** The book's ten {@code complete_name('jen', ...)} calls, stripped of the final newline. */
  private static List<String> complete(
      CharGenerator gen, double diversity, Integer maxNameLen, RandomState rng) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(gen.complete("jen", maxNameLen, diversity, rng).strip());
    }
    return out;
  }

  private static int[] flatten(int[][] rows) {
    int d = rows.length == 0 ? 0 : rows[0].length;
    int[] out = new int[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * d, d);
    }
    return out;
  }
}
