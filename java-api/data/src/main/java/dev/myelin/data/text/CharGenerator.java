package dev.myelin.data.text;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.random.RandomState;
import dev.myelin.models.Model;

/**
 * The book's {@code complete_name(seed, maxlen, max_name_len, diversity)}: extends a seed one
 * character at a time, each drawn with {@link TemperatureSampler} from the model's prediction for
 * the last {@code maxlen} characters, until {@code "\n"} or {@code maxNameLen} characters.
 *
 * <pre>{@code
 * CharGenerator gen = new CharGenerator(CharGenerator.NextChar.of(model), chars, 3);
 * String name = gen.complete("jen", null, 1.0, new RandomState(0));   // e.g. "jene\n"
 * }</pre>
 */
public final class CharGenerator {
  /** The next-character distribution for a window of character indices. */
  @FunctionalInterface
  public interface NextChar {
    /** The probabilities of each character following {@code window} (length {@code maxlen}). */
    float[] predict(int[] window);

    /**
     * A Keras model taking {@code (1, maxlen)} indices and giving {@code (1, vocab)} probabilities.
     */
    static NextChar of(Model model) {
      return window -> {
        try (TensorScope scope = new TensorScope()) {
          Tensor x = Tensor.fromArray(window, 1, window.length).cast(dev.myelin.DType.FLOAT32);
          return model.predict(x).toFloatArray();
        }
      };
    }
  }

  private final NextChar model;
  private final CharVocabulary chars;
  private final int maxlen;

  /** A generator over {@code chars} with windows of {@code maxlen} characters. */
  public CharGenerator(NextChar model, CharVocabulary chars, int maxlen) {
    if (maxlen < 1) {
      throw new IllegalArgumentException(
          "CharGenerator: argument 'maxlen' expected a positive integer but was " + maxlen);
    }
    this.model = model;
    this.chars = chars;
    this.maxlen = maxlen;
  }

  /**
   * The seed followed by sampled characters: stops after a {@code "\n"} (included) or when the text
   * reaches {@code maxNameLen} characters (null: no limit). A seed shorter than {@code maxlen} is
   * padded with index 0 in front, as {@code pad_sequences} does.
   */
  public String complete(String seed, Integer maxNameLen, double temperature, RandomState rng) {
    if (maxNameLen != null && maxNameLen <= 0) {
      throw new IllegalArgumentException(
          "complete: argument 'maxNameLen' expected null or a positive integer but was "
              + maxNameLen);
    }
    StringBuilder name = new StringBuilder(seed);
    while (true) {
      int[] codes = chars.encode(name.toString());
      int[] window = new int[maxlen];
      int n = Math.min(maxlen, codes.length);
      System.arraycopy(codes, codes.length - n, window, maxlen - n, n);
      float[] p = model.predict(window);
      if (p.length != chars.size()) {
        throw new IllegalArgumentException(
            "complete: the model expected to give "
                + chars.size()
                + " probabilities (one per character) but gave "
                + p.length);
      }
      String next = chars.charAt(TemperatureSampler.sample(p, temperature, rng));
      name.append(next);
      if (next.equals("\n")
          || (maxNameLen != null && name.codePointCount(0, name.length()) >= maxNameLen)) {
        return name.toString();
      }
    }
  }
}
