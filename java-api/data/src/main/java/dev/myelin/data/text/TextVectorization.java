package dev.myelin.data.text;

import dev.myelin.Tensor;
import dev.myelin.layers.StringLayer;
import dev.myelin.saving.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Keras 3's {@code TextVectorization} layer for a batch of strings: standardize, split, n-grams,
 * then a vocabulary lookup with the output modes {@code int} (padded index sequences), {@code
 * multi_hot}, {@code count}, {@code tf_idf} and {@code one_hot}. {@link #adapt} learns the
 * vocabulary as Keras does (most frequent first, ties by descending UTF-8 order, {@code max_tokens}
 * including the mask and OOV slots) and, for {@code tf_idf}, the weights {@code log(1 + n / (1 +
 * df))}.
 *
 * <pre>{@code
 * TextVectorization tv = new TextVectorization().maxTokens(1000).outputSequenceLength(20);
 * tv.adapt(reviews);
 * Tensor ids = tv.apply(List.of("A great movie!"));     // int64 (1, 20)
 * tv.getVocabulary();                                   // ["", "[UNK]", "the", ...]
 * }</pre>
 *
 * <p>Myelin tensors hold no strings, so it is a {@link StringLayer}: used alone it is a
 * preprocessing object ({@link #apply(List)}); inside a model (first in a {@code Sequential}, or
 * after {@code Input.strings()}) it runs on the texts before the model's tensor graph, and {@code
 * model.predict(List.of("a fine film"))} predicts on raw strings, as Keras's export model does.
 * {@link #getConfig()} / {@link #fromConfig} use Keras's config keys, and {@link #saveAssets} /
 * {@link #loadAssets} read and write Keras's {@code vocabulary.txt}, so a vectorizer, alone or in a
 * model, moves both ways between Keras and Java.
 */
public final class TextVectorization extends StringLayer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        TextVectorization.class,
        "TextVectorization",
        List.of(),
        List.of(
            "max_tokens",
            "standardize",
            "split",
            "ngrams",
            "output_mode",
            "output_sequence_length",
            "pad_to_max_tokens",
            "vocabulary"),
        (c, custom) -> fromConfig(c));
  }

  /** Keras's {@code strip_punctuation} pattern: every ASCII punctuation character. */
  private static final Pattern PUNCTUATION =
      Pattern.compile("[!\"#$%&()\\*\\+,\\-\\./:;<=>?@\\[\\\\\\]^_`{|}~']");

  private static final String MASK = "";
  private static final String OOV = "[UNK]";
  private static final Set<String> MODES = Set.of("int", "one_hot", "multi_hot", "count", "tf_idf");

  private Integer maxTokens;
  private String standardize = "lower_and_strip_punctuation";
  private Function<String, String> customStandardize;
  private String split = "whitespace";
  private Function<String, List<String>> customSplit;
  private int[] ngrams;
  private Object ngramsArg;
  private String outputMode = "int";
  private Integer outputSequenceLength;
  private boolean padToMaxTokens;
  private List<String> inputVocabulary;
  private double[] inputIdfWeights;

  /** The learned or given terms, without the special tokens. */
  private List<String> tokens;

  private Map<String, Integer> index = new HashMap<>();
  private float[] idf;

  /**
   * A vectorizer with Keras's defaults: lower-case, strip punctuation, split on whitespace, int.
   */
  public TextVectorization() {}

  /** The vocabulary's largest size, special tokens included (null: unlimited). */
  public TextVectorization maxTokens(Integer n) {
    if (n != null && n < 1) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'max_tokens' expected null or a positive integer but was "
              + n);
    }
    this.maxTokens = n;
    return this;
  }

  /**
   * {@code "lower_and_strip_punctuation"} (default), {@code "lower"}, {@code "strip_punctuation"}
   * or null (none). Lower-casing is ASCII only, as TensorFlow's {@code tf.strings.lower}.
   */
  public TextVectorization standardize(String mode) {
    if (mode != null
        && !List.of("lower_and_strip_punctuation", "lower", "strip_punctuation").contains(mode)) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'standardize' expected one of lower_and_strip_punctuation,"
              + " lower, strip_punctuation or null but was '"
              + mode
              + "'");
    }
    this.standardize = mode;
    this.customStandardize = null;
    return this;
  }

  /** A custom standardization applied to each string (not writable into a Keras config). */
  public TextVectorization standardize(Function<String, String> f) {
    this.standardize = null;
    this.customStandardize = f;
    return this;
  }

  /** {@code "whitespace"} (default), {@code "character"} or null (each string is one token). */
  public TextVectorization split(String mode) {
    if (mode != null && !List.of("whitespace", "character").contains(mode)) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'split' expected one of whitespace, character or null but"
              + " was '"
              + mode
              + "'");
    }
    this.split = mode;
    this.customSplit = null;
    return this;
  }

  /** A custom tokenizer (not writable into a Keras config). */
  public TextVectorization split(Function<String, List<String>> f) {
    this.split = null;
    this.customSplit = f;
    return this;
  }

  /** N-grams of every width from 1 to {@code n} (Keras's {@code ngrams=n}). */
  public TextVectorization ngrams(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'ngrams' expected a positive integer but was " + n);
    }
    this.ngrams = new int[n];
    for (int i = 0; i < n; i++) {
      ngrams[i] = i + 1;
    }
    this.ngramsArg = n;
    return this;
  }

  /** N-grams of exactly the given widths, in that order (Keras's {@code ngrams=(a, b)}). */
  public TextVectorization ngrams(int... widths) {
    for (int w : widths) {
      if (w < 1) {
        throw new IllegalArgumentException(
            "TextVectorization: argument 'ngrams' expected positive widths but was "
                + Arrays.toString(widths));
      }
    }
    this.ngrams = widths.clone();
    List<Integer> arg = new ArrayList<>();
    for (int w : widths) {
      arg.add(w);
    }
    this.ngramsArg = arg;
    return this;
  }

  /**
   * {@code "int"} (default), {@code "multi_hot"}, {@code "count"}, {@code "tf_idf"}, {@code
   * "one_hot"}.
   */
  public TextVectorization outputMode(String mode) {
    String m = "binary".equals(mode) ? "multi_hot" : "tf-idf".equals(mode) ? "tf_idf" : mode;
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'output_mode' expected one of int, one_hot, multi_hot,"
              + " count, tf_idf but was '"
              + mode
              + "'");
    }
    this.outputMode = m;
    return this;
  }

  /** Pads or truncates {@code int} outputs to this length (null: the batch's longest). */
  public TextVectorization outputSequenceLength(Integer n) {
    if (n != null && n < 0) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'output_sequence_length' expected null or a non-negative"
              + " integer but was "
              + n);
    }
    this.outputSequenceLength = n;
    return this;
  }

  /**
   * Whether non-int outputs have {@code max_tokens} columns even when the vocabulary is smaller.
   */
  public TextVectorization padToMaxTokens(boolean on) {
    this.padToMaxTokens = on;
    return this;
  }

  /** The layer name written into the config. */
  @Override
  public TextVectorization name(String n) {
    super.name(n);
    return this;
  }

  /**
   * A fixed vocabulary instead of {@link #adapt} (Keras's {@code vocabulary=}); it may start with
   * the special tokens ({@code "", "[UNK]"} in int mode, {@code "[UNK]"} otherwise).
   */
  public TextVectorization vocabulary(List<String> vocabulary) {
    return vocabulary(vocabulary, null);
  }

  /** A fixed vocabulary with its idf weights (required in {@code tf_idf} mode). */
  public TextVectorization vocabulary(List<String> vocabulary, double[] idfWeights) {
    setVocabulary(vocabulary, idfWeights);
    this.inputVocabulary = List.copyOf(vocabulary);
    this.inputIdfWeights = idfWeights == null ? null : idfWeights.clone();
    return this;
  }

  private int oovStart() {
    return outputMode.equals("int") ? 1 : 0;
  }

  private int tokenStart() {
    return oovStart() + 1;
  }

  private List<String> special() {
    return outputMode.equals("int") ? List.of(MASK, OOV) : List.of(OOV);
  }

  /** Keras's {@code set_vocabulary(vocabulary, idf_weights)}. */
  public void setVocabulary(List<String> vocabulary, double[] idfWeights) {
    if (outputMode.equals("tf_idf") && idfWeights == null) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'idf_weights' must be set if output_mode is 'tf_idf'");
    }
    if (!outputMode.equals("tf_idf") && idfWeights != null) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'idf_weights' should only be set if output_mode is"
              + " 'tf_idf' but output_mode was '"
              + outputMode
              + "'");
    }
    if (vocabulary.isEmpty()) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'vocabulary' expected at least one term but was empty");
    }
    List<String> sp = special();
    boolean withSpecial =
        vocabulary.size() >= sp.size() && vocabulary.subList(0, sp.size()).equals(sp);
    List<String> terms =
        withSpecial ? vocabulary.subList(sp.size(), vocabulary.size()) : vocabulary;
    Set<String> seen = new HashSet<>();
    for (String t : terms) {
      if (!seen.add(t)) {
        throw new IllegalArgumentException(
            "TextVectorization: argument 'vocabulary' expected unique terms but '"
                + t
                + "' is repeated");
      }
    }
    if (seen.contains(MASK)) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'vocabulary' holds the mask token \"\" at an unexpected"
              + " position; give the special tokens only first, in the order "
              + sp);
    }
    int size = tokenStart() + terms.size();
    if (maxTokens != null && size > maxTokens) {
      throw new IllegalArgumentException(
          "TextVectorization: argument 'vocabulary' expected at most max_tokens = "
              + maxTokens
              + " terms with the special tokens but was "
              + size);
    }
    setTokens(terms);
    if (idfWeights != null) {
      if (idfWeights.length != vocabulary.size()) {
        throw new IllegalArgumentException(
            "TextVectorization: argument 'idf_weights' expected the vocabulary's length "
                + vocabulary.size()
                + " but was "
                + idfWeights.length);
      }
      int front = withSpecial ? 0 : tokenStart();
      double frontValue = withSpecial ? 0 : Arrays.stream(idfWeights).average().orElse(0);
      int back = padToMaxTokens && maxTokens != null ? maxTokens - front - idfWeights.length : 0;
      float[] w = new float[front + idfWeights.length + back];
      for (int i = 0; i < front; i++) {
        w[i] = (float) frontValue;
      }
      for (int i = 0; i < idfWeights.length; i++) {
        w[front + i] = (float) idfWeights[i];
      }
      this.idf = w;
    }
  }

  private void setTokens(List<String> terms) {
    this.tokens = List.copyOf(terms);
    this.index = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      index.put(tokens.get(i), tokenStart() + i);
    }
  }

  /** Learns the vocabulary (and idf weights) from one batch of texts. */
  public TextVectorization adapt(List<String> texts) {
    return adapt(List.of(texts));
  }

  /** Learns the vocabulary from batches of texts (a dataset of strings), all of them. */
  public TextVectorization adapt(Iterable<? extends List<String>> batches) {
    return adapt(batches, null);
  }

  /** Learns the vocabulary from the first {@code steps} batches (null: all). */
  public TextVectorization adapt(Iterable<? extends List<String>> batches, Integer steps) {
    if (inputVocabulary != null) {
      throw new IllegalStateException(
          "TextVectorization: cannot adapt '"
              + name()
              + "' after setting a static vocabulary via vocabulary()");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Long> docCounts = new HashMap<>();
    long docs = 0;
    int step = 0;
    for (List<String> batch : batches) {
      if (steps != null && step++ >= steps) {
        break;
      }
      for (String text : batch) {
        List<String> toks = preprocess(text);
        for (String t : toks) {
          counts.merge(t, 1L, Long::sum);
        }
        if (outputMode.equals("tf_idf")) {
          for (String t : new HashSet<>(toks)) {
            docCounts.merge(t, 1L, Long::sum);
          }
          docs++;
        }
      }
    }
    counts.remove(MASK);
    counts.remove(OOV);
    List<String> order = new ArrayList<>(counts.keySet());
    // np.lexsort((tokens, counts))[::-1]: count descending, then the token's bytes descending.
    order.sort(
        (a, b) -> {
          int c = Long.compare(counts.get(b), counts.get(a));
          return c != 0 ? c : compareCodePoints(b, a);
        });
    if (maxTokens != null) {
      order = order.subList(0, Math.max(0, Math.min(order.size(), maxTokens - tokenStart())));
    }
    setTokens(order);
    if (outputMode.equals("tf_idf")) {
      float[] w = new float[order.size()];
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        long df = docCounts.getOrDefault(order.get(i), 0L);
        w[i] = (float) Math.log(1 + (double) docs / (1 + df));
        sum += w[i];
      }
      float mean = w.length == 0 ? 0f : (float) (sum / w.length);
      int back = padToMaxTokens && maxTokens != null ? maxTokens - tokenStart() - w.length : 0;
      float[] all = new float[tokenStart() + w.length + back];
      Arrays.fill(all, 0, tokenStart(), mean);
      System.arraycopy(w, 0, all, tokenStart(), w.length);
      this.idf = all;
    }
    return this;
  }

  /** Compares by code point, which is the order of the strings' UTF-8 bytes. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The tokens of one text after standardize, split and n-grams. */
  public List<String> preprocess(String text) {
    String s = text;
    if (customStandardize != null) {
      s = customStandardize.apply(s);
    } else if (standardize != null) {
      if (standardize.startsWith("lower")) {
        s = asciiLower(s);
      }
      if (standardize.endsWith("strip_punctuation")) {
        s = PUNCTUATION.matcher(s).replaceAll("");
      }
    }
    List<String> toks;
    if (customSplit != null) {
      toks = customSplit.apply(s);
    } else if ("whitespace".equals(split)) {
      toks = new ArrayList<>();
      for (String t : s.split("[ \\t\\n\\u000B\\f\\r]+")) {
        if (!t.isEmpty()) {
          toks.add(t);
        }
      }
    } else if ("character".equals(split)) {
      toks = s.codePoints().mapToObj(Character::toString).toList();
    } else {
      toks = List.of(s);
    }
    if (ngrams == null) {
      return toks;
    }
    List<String> out = new ArrayList<>();
    for (int w : ngrams) {
      for (int i = 0; i + w <= toks.size(); i++) {
        out.add(String.join(" ", toks.subList(i, i + w)));
      }
    }
    return out;
  }

  /** TensorFlow's {@code tf.strings.lower} without an encoding: only A-Z change. */
  private static String asciiLower(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] = (char) (c[i] + 32);
      }
    }
    return new String(c);
  }

  private void requireVocabulary() {
    if (tokens == null && !(padToMaxTokens && maxTokens != null)) {
      throw new IllegalStateException(
          "TextVectorization: '"
              + name()
              + "' has no vocabulary; call adapt() or pass vocabulary() before calling it");
    }
  }

  /** The vocabulary index of one token (mask 0 and OOV 1 in int mode; OOV 0 otherwise). */
  public int lookup(String token) {
    if (token.equals(MASK)) {
      return outputMode.equals("int") ? 0 : -1;
    }
    Integer i = index.get(token);
    return i != null ? i : oovStart();
  }

  /**
   * The int-mode output as rows of indices: each text's tokens, padded with 0 (or cut) at the end
   * to {@code output_sequence_length}, or to the longest text of the batch.
   */
  public long[][] toSequences(List<String> texts) {
    if (!outputMode.equals("int")) {
      throw new IllegalStateException(
          "TextVectorization: toSequences needs output_mode 'int' but was '" + outputMode + "'");
    }
    requireVocabulary();
    List<long[]> rows = new ArrayList<>();
    int longest = 0;
    for (String t : texts) {
      List<String> toks = preprocess(t);
      long[] r = new long[toks.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = lookup(toks.get(i));
      }
      rows.add(r);
      longest = Math.max(longest, r.length);
    }
    int len = outputSequenceLength != null ? outputSequenceLength : longest;
    long[][] out = new long[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOf(rows.get(i), len);
    }
    return out;
  }

  /** The non-int outputs: one row of {@code depth} values per text. */
  public float[][] toMatrix(List<String> texts) {
    if (outputMode.equals("int")) {
      throw new IllegalStateException(
          "TextVectorization: toMatrix needs output_mode multi_hot, count, tf_idf or one_hot but"
              + " was 'int'");
    }
    requireVocabulary();
    int depth = padToMaxTokens && maxTokens != null ? maxTokens : vocabularySize();
    float[][] out = new float[texts.size()][depth];
    for (int r = 0; r < out.length; r++) {
      List<String> toks = preprocess(texts.get(r));
      if (outputMode.equals("one_hot") && toks.size() != 1) {
        throw new IllegalArgumentException(
            "TextVectorization: output_mode 'one_hot' expected one token per text (split=null)"
                + " but text "
                + r
                + " has "
                + toks.size());
      }
      for (String t : toks) {
        int i = lookup(t);
        if (i < 0 || i >= depth) {
          continue;
        }
        out[r][i] = outputMode.equals("count") || outputMode.equals("tf_idf") ? out[r][i] + 1 : 1;
      }
      if (outputMode.equals("tf_idf")) {
        for (int i = 0; i < depth; i++) {
          out[r][i] = out[r][i] * (i < idf.length ? idf[i] : 0f);
        }
      }
    }
    return out;
  }

  /**
   * Keras's {@code layer(texts)}: int64 {@code (batch, length)} or float32 {@code (batch, depth)}.
   */
  public Tensor apply(List<String> texts) {
    if (outputMode.equals("int")) {
      long[][] rows = toSequences(texts);
      int len =
          rows.length == 0
              ? (outputSequenceLength == null ? 0 : outputSequenceLength)
              : rows[0].length;
      long[] flat = new long[rows.length * len];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, flat, i * len, len);
      }
      return Tensor.fromArray(flat, rows.length, len);
    }
    float[][] m = toMatrix(texts);
    int depth = m.length == 0 ? 0 : m[0].length;
    float[] flat = new float[m.length * depth];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, flat, i * depth, depth);
    }
    return Tensor.fromArray(flat, m.length, depth);
  }

  /** The vocabulary, index by index (with the mask and OOV tokens first unless excluded). */
  public List<String> getVocabulary(boolean includeSpecialTokens) {
    List<String> out = new ArrayList<>();
    if (includeSpecialTokens) {
      out.addAll(special());
    }
    if (tokens != null) {
      out.addAll(tokens);
    }
    return out;
  }

  /** {@link #getVocabulary(boolean)} with the special tokens. */
  public List<String> getVocabulary() {
    return getVocabulary(true);
  }

  /** A loaded config's {@code vocabulary_size} (0 when absent), until the vocabulary is read. */
  private int savedVocabularySize;

  /** The vocabulary's size with the special tokens. */
  public int vocabularySize() {
    return tokenStart() + (tokens == null ? 0 : tokens.size());
  }

  /** The tf-idf weights by index (null unless output_mode is tf_idf and a vocabulary is set). */
  public float[] idfWeights() {
    return idf == null ? null : idf.clone();
  }

  /** The output mode. */
  public String outputMode() {
    return outputMode;
  }

  /**
   * The layer's config as Keras 3.15.1's {@code get_config()} writes it (class-specific keys plus
   * name, trainable and dtype).
   */
  public Map<String, Object> getConfig() {
    if (customStandardize != null || customSplit != null) {
      throw new IllegalStateException(
          "TextVectorization: a custom standardize or split function cannot be written into a"
              + " Keras config");
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("trainable", trainable());
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("module", "keras");
    policy.put("class_name", "DTypePolicy");
    policy.put("config", Map.of("name", "float32"));
    policy.put("registered_name", null);
    c.put("dtype", policy);
    c.put("max_tokens", maxTokens);
    c.put("standardize", standardize);
    c.put("split", split);
    c.put("ngrams", ngramsArg);
    c.put("output_mode", outputMode);
    c.put("output_sequence_length", outputSequenceLength);
    c.put("pad_to_max_tokens", padToMaxTokens);
    c.put("sparse", false);
    c.put("ragged", false);
    c.put("vocabulary", inputVocabulary);
    c.put("idf_weights", inputIdfWeights == null ? null : toList(inputIdfWeights));
    c.put("encoding", "utf-8");
    c.put("vocabulary_size", tokens == null ? null : vocabularySize());
    return c;
  }

  private static List<Double> toList(double[] a) {
    List<Double> out = new ArrayList<>();
    for (double d : a) {
      out.add(d);
    }
    return out;
  }

  /**
   * A vectorizer from a Keras config (as {@code get_config()} or a {@code .keras} file holds it).
   */
  @SuppressWarnings("unchecked")
  public static TextVectorization fromConfig(Map<String, Object> c) {
    TextVectorization tv = new TextVectorization();
    if (c.get("name") != null) {
      tv.name(String.valueOf(c.get("name")));
    }
    if (Boolean.TRUE.equals(c.get("sparse")) || Boolean.TRUE.equals(c.get("ragged"))) {
      throw new IllegalArgumentException(
          "TextVectorization: sparse and ragged outputs need TensorFlow tensors; config had"
              + " sparse="
              + c.get("sparse")
              + ", ragged="
              + c.get("ragged"));
    }
    tv.maxTokens(c.get("max_tokens") == null ? null : ((Number) c.get("max_tokens")).intValue());
    if (c.containsKey("standardize")) {
      Object s = c.get("standardize");
      if (s != null && !(s instanceof String)) {
        throw new IllegalArgumentException(
            "TextVectorization: a serialized standardize function cannot be loaded: " + s);
      }
      tv.standardize((String) s);
    }
    if (c.containsKey("split")) {
      Object s = c.get("split");
      if (s != null && !(s instanceof String)) {
        throw new IllegalArgumentException(
            "TextVectorization: a serialized split function cannot be loaded: " + s);
      }
      tv.split((String) s);
    }
    Object ng = c.get("ngrams");
    if (ng instanceof Number n) {
      tv.ngrams(n.intValue());
    } else if (ng instanceof List<?> l) {
      tv.ngrams(l.stream().mapToInt(x -> ((Number) x).intValue()).toArray());
    }
    if (c.get("output_mode") != null) {
      tv.outputMode(String.valueOf(c.get("output_mode")));
    }
    Object len = c.get("output_sequence_length");
    tv.outputSequenceLength(len == null ? null : ((Number) len).intValue());
    tv.padToMaxTokens(Boolean.TRUE.equals(c.get("pad_to_max_tokens")));
    // the size of the vocabulary that a saved model's assets will bring: the output depth of the
    // non-int modes before those assets are read (the next layer is built from it)
    if (c.get("vocabulary_size") instanceof Number n && n.intValue() > 0) {
      tv.savedVocabularySize = n.intValue();
    }
    Object vocab = c.get("vocabulary");
    if (vocab != null) {
      Object w = c.get("idf_weights");
      double[] idf =
          w == null
              ? null
              : ((List<Object>) w).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
      tv.vocabulary((List<String>) vocab, idf);
    }
    return tv;
  }

  /**
   * Keras's {@code save_assets(dir)}: the whole vocabulary (special tokens first) joined by
   * newlines into {@code dir/vocabulary.txt}; nothing when the vocabulary was given in the config.
   */
  public void saveAssets(Path dir) {
    if (inputVocabulary != null) {
      return;
    }
    try {
      Files.writeString(
          dir.resolve("vocabulary.txt"),
          String.join("\n", getVocabulary(true)),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("TextVectorization: cannot write " + dir, e);
    }
  }

  /**
   * Keras's {@code load_assets(dir)}: reads {@code dir/vocabulary.txt}; in tf_idf mode the idf
   * weights come from {@code idfWeights} (Keras stores them as the layer's variable).
   */
  public void loadAssets(Path dir, float[] idfWeights) {
    if (inputVocabulary != null) {
      return;
    }
    List<String> lines;
    try {
      lines =
          new ArrayList<>(
              Arrays.asList(
                  Files.readString(dir.resolve("vocabulary.txt"), StandardCharsets.UTF_8)
                      .split("\r?\n|\r", -1)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "TextVectorization: cannot read " + dir.resolve("vocabulary.txt"), e);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    useVocabulary(lines, idfWeights);
  }

  /** The vocabulary read from an archive, with the stored idf weights in tf_idf mode. */
  private void useVocabulary(List<String> lines, float[] idfWeights) {
    if (outputMode.equals("tf_idf")) {
      if (idfWeights == null) {
        throw new IllegalArgumentException(
            "TextVectorization: argument 'idfWeights' must be given in tf_idf mode");
      }
      double[] w = new double[idfWeights.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = idfWeights[i];
      }
      if (w.length != lines.size()) {
        // Padded to max_tokens: Keras passes its stored weights, padded, with the vocabulary.
        w = Arrays.copyOf(w, lines.size());
      }
      setVocabulary(lines, w);
    } else {
      setVocabulary(lines, null);
    }
  }

  /**
   * Reads the vectorizer of a Keras 3 {@code .keras} archive: a TextVectorization saved alone or
   * the first one inside a saved model (config, vocabulary asset, tf-idf weights).
   */
  public static TextVectorization load(Path file) {
    return TextVectorizationArchive.read(file);
  }

  /**
   * Writes this vectorizer as a {@code .keras} archive, as Keras's {@code
   * keras.saving.save_model(layer, file)} does ({@code keras.saving.load_model} gives the layer).
   */
  public void save(Path file) {
    TextVectorizationArchive.write(this, file);
  }

  // ---- as a layer of a model ----

  /** {@link #apply(List)}: the texts of a model's string input. */
  @Override
  public Tensor callStrings(List<String> texts) {
    return apply(texts);
  }

  /**
   * {@code (batch, output_sequence_length)} in int mode (an unknown length without it), else {@code
   * (batch, depth)}: {@code max_tokens} when padded to it, else the vocabulary's size.
   */
  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long batch = inputShapes[0].length > 0 ? inputShapes[0][0] : -1;
    if (outputMode.equals("int")) {
      return new long[] {batch, outputSequenceLength == null ? -1 : outputSequenceLength};
    }
    long depth = padToMaxTokens && maxTokens != null ? maxTokens : vocabularySize();
    if (tokens == null && !padToMaxTokens) {
      depth = savedVocabularySize > 0 ? savedVocabularySize : -1;
    }
    return new long[] {batch, depth};
  }

  /**
   * The {@code vocabulary.txt} Keras's {@code save_assets} writes in a model's archive, for the
   * layer and for its inner lookup layer (Keras writes both); none for a vocabulary given in the
   * config. In tf_idf mode the idf weights go into the weights file ({@link #namedVariables()}).
   */
  @Override
  public Map<String, byte[]> assetFiles() {
    if (inputVocabulary != null) {
      return Map.of();
    }
    byte[] v = String.join("\n", getVocabulary(true)).getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> r = new LinkedHashMap<>();
    r.put("vocabulary.txt", v);
    r.put("_lookup_layer/vocabulary.txt", v);
    return r;
  }

  /**
   * In tf_idf mode (with a vocabulary learned by {@code adapt} or read from assets), the idf
   * weights under the names Keras's {@code save_own_variables} gives them in a model's weights
   * file: {@code vars/idf_weights} for the layer and for its inner lookup layer, as Keras writes
   * both.
   */
  @Override
  public Map<String, float[]> namedVariables() {
    if (!outputMode.equals("tf_idf") || inputVocabulary != null || idfWeights() == null) {
      return Map.of();
    }
    float[] idf = idfWeights();
    Map<String, float[]> r = new LinkedHashMap<>();
    r.put("vars/idf_weights", idf);
    r.put("_lookup_layer/vars/idf_weights", idf);
    return r;
  }

  /** Reads the vocabulary of a model's archive (see {@link #loadAssetFiles(Map, Map)}). */
  @Override
  public void loadAssetFiles(Map<String, byte[]> files) {
    loadAssetFiles(files, Map.of());
  }

  /**
   * Reads the vocabulary of a model's archive ({@code vocabulary.txt} under the layer's folder)
   * and, in tf_idf mode, the idf weights of its weights file ({@code vars/idf_weights}).
   */
  @Override
  public void loadAssetFiles(Map<String, byte[]> files, Map<String, float[]> namedVariables) {
    if (inputVocabulary != null) {
      return;
    }
    float[] idf = namedVariables.get("vars/idf_weights");
    if (idf == null) {
      idf = namedVariables.get("_lookup_layer/vars/idf_weights");
    }
    if (outputMode.equals("tf_idf") && idf == null) {
      throw new IllegalArgumentException(
          "TextVectorization \""
              + name()
              + "\": output_mode 'tf_idf' expected its idf_weights in the weights file (Keras's"
              + " vars/idf_weights) but found "
              + (namedVariables.isEmpty() ? "none" : namedVariables.keySet()));
    }
    byte[] v = files.get("vocabulary.txt");
    if (v == null) {
      throw new IllegalArgumentException(
          "TextVectorization \""
              + name()
              + "\": expected its vocabulary.txt in the archive (Keras's save_assets) but found "
              + (files.isEmpty() ? "no asset files" : files.keySet()));
    }
    List<String> lines =
        new ArrayList<>(Arrays.asList(new String(v, StandardCharsets.UTF_8).split("\r?\n|\r", -1)));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    useVocabulary(lines, outputMode.equals("tf_idf") ? idf : null);
  }
}
