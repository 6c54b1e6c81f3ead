package dev.myelin.data.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Tokenizer} ({@code keras.preprocessing.text.Tokenizer}, Keras 2 semantics): a
 * vocabulary ordered by word frequency, texts to index sequences and back, and bag-of-words
 * matrices.
 *
 * <pre>{@code
 * Tokenizer tok = new Tokenizer().numWords(10000);
 * tok.fitOnTexts(reviews);
 * List<int[]> seqs = tok.textsToSequences(reviews);   // indices 1 .. 9999, rarer words dropped
 * int[][] x = Sequences.padSequences(seqs, 49);
 * }</pre>
 *
 * <p>Index 0 is never assigned (it is the padding value). Words of equal count keep the order in
 * which they were first seen. {@link #wordDocs()} is ordered by first appearance; Python's is in
 * set-iteration order, which varies between runs, so only its contents are comparable.
 */
public final class Tokenizer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Integer numWords;
  private String filters = TextPreprocessing.DEFAULT_FILTERS;
  private boolean lower = true;
  private String split = " ";
  private boolean charLevel;
  private String oovToken;
  private java.util.function.Function<String, List<String>> analyzer;
  private int documentCount;
  private final LinkedHashMap<String, Integer> wordCounts = new LinkedHashMap<>();
  private final LinkedHashMap<String, Integer> wordDocs = new LinkedHashMap<>();
  private final Map<Integer, Integer> indexDocs = new HashMap<>();
  private final LinkedHashMap<String, Integer> wordIndex = new LinkedHashMap<>();
  private final Map<Integer, String> indexWord = new HashMap<>();

  /** A tokenizer with Keras's defaults (all words, default filters, lower-case, split on space). */
  public Tokenizer() {}

  /**
   * Keeps only the {@code numWords - 1} most frequent words when converting (null: all); the
   * vocabulary itself always holds every word seen.
   */
  public Tokenizer numWords(Integer numWords) {
    if (numWords != null && numWords < 0) {
      throw new IllegalArgumentException(
          "Tokenizer: argument 'numWords' expected null or >= 0 but was " + numWords);
    }
    this.numWords = numWords;
    return this;
  }

  /** The characters replaced by the split string before splitting (Keras's {@code filters}). */
  public Tokenizer filters(String filters) {
    this.filters = filters == null ? "" : filters;
    return this;
  }

  /** Whether texts are lower-cased first (default true). */
  public Tokenizer lower(boolean lower) {
    this.lower = lower;
    return this;
  }

  /** The word separator (default one space). */
  public Tokenizer split(String split) {
    if (split == null || split.isEmpty()) {
      throw new IllegalArgumentException(
          "Tokenizer: argument 'split' expected a non-empty string but was '" + split + "'");
    }
    this.split = split;
    return this;
  }

  /** Whether every character (code point) is a token (default false). */
  public Tokenizer charLevel(boolean charLevel) {
    this.charLevel = charLevel;
    return this;
  }

  /** The token standing for out-of-vocabulary words (index 1 when set; default none). */
  public Tokenizer oovToken(String oovToken) {
    this.oovToken = oovToken;
    return this;
  }

  /**
   * Splits texts with {@code analyzer} instead of the filters and split string (Keras's {@code
   * analyzer}; not used at character level, and not saved by {@link #toJson()}, as in Keras).
   */
  public Tokenizer analyzer(java.util.function.Function<String, List<String>> analyzer) {
    this.analyzer = analyzer;
    return this;
  }

  /** Updates the vocabulary from {@code texts} (Keras's {@code fit_on_texts}). */
  public Tokenizer fitOnTexts(List<String> texts) {
    List<List<String>> tokens = new ArrayList<>(texts.size());
    for (String t : texts) {
      tokens.add(tokens(t, "fitOnTexts"));
    }
    return fitTokens(tokens);
  }

  /**
   * Updates the vocabulary from texts that are already token lists (Keras's {@code fit_on_texts}
   * given lists: tokens are only lower-cased).
   */
  public Tokenizer fitOnTokenLists(List<List<String>> texts) {
    List<List<String>> tokens = new ArrayList<>(texts.size());
    for (List<String> t : texts) {
      tokens.add(lowerTokens(t));
    }
    return fitTokens(tokens);
  }

  private Tokenizer fitTokens(List<List<String>> docs) {
    for (List<String> seq : docs) {
      documentCount++;
      for (String w : seq) {
        wordCounts.merge(w, 1, Integer::sum);
      }
      for (String w : new LinkedHashSet<>(seq)) {
        wordDocs.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> counts = new ArrayList<>(wordCounts.entrySet());
    // A stable sort, as Python's list.sort: ties keep their first-seen order.
    counts.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
    List<String> sorted = new ArrayList<>();
    if (oovToken != null) {
      sorted.add(oovToken);
    }
    for (Map.Entry<String, Integer> e : counts) {
      sorted.add(e.getKey());
    }
    wordIndex.clear();
    for (int i = 0; i < sorted.size(); i++) {
      // As dict(zip(...)): an OOV token that is also a word keeps its slot but the later index.
      wordIndex.put(sorted.get(i), i + 1);
    }
    indexWord.clear();
    wordIndex.forEach((w, i) -> indexWord.put(i, w));
    for (Map.Entry<String, Integer> e : wordDocs.entrySet()) {
      indexDocs.put(wordIndex.get(e.getKey()), e.getValue());
    }
    return this;
  }

  /** Counts documents per index from index sequences (Keras's {@code fit_on_sequences}). */
  public Tokenizer fitOnSequences(List<int[]> sequences) {
    documentCount += sequences.size();
    for (int[] seq : sequences) {
      LinkedHashSet<Integer> seen = new LinkedHashSet<>();
      for (int i : seq) {
        seen.add(i);
      }
      for (int i : seen) {
        indexDocs.merge(i, 1, Integer::sum);
      }
    }
    return this;
  }

  /** Each text as word indices (Keras's {@code texts_to_sequences}). */
  public List<int[]> textsToSequences(List<String> texts) {
    List<int[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(toSequence(tokens(t, "textsToSequences")));
    }
    return out;
  }

  /** Each token list as word indices (Keras's {@code texts_to_sequences} given lists). */
  public List<int[]> tokenListsToSequences(List<List<String>> texts) {
    List<int[]> out = new ArrayList<>(texts.size());
    for (List<String> t : texts) {
      out.add(toSequence(lowerTokens(t)));
    }
    return out;
  }

  private int[] toSequence(List<String> seq) {
    Integer oov = oovToken == null ? null : wordIndex.get(oovToken);
    int[] v = new int[seq.size()];
    int n = 0;
    for (String w : seq) {
      Integer i = wordIndex.get(w);
      if (i != null) {
        if (numWords != null && numWords != 0 && i >= numWords) {
          if (oov != null) {
            v[n++] = oov;
          }
        } else {
          v[n++] = i;
        }
      } else if (oovToken != null && oov != null) {
        v[n++] = oov;
      }
    }
    return java.util.Arrays.copyOf(v, n);
  }

  /**
   * Each index sequence as a space-joined text (Keras's {@code sequences_to_texts}): indices at or
   * beyond {@code numWords}, and unknown ones, become the OOV token or are dropped.
   */
  public List<String> sequencesToTexts(List<int[]> sequences) {
    Integer oov = oovToken == null ? null : wordIndex.get(oovToken);
    List<String> out = new ArrayList<>(sequences.size());
    for (int[] seq : sequences) {
      List<String> words = new ArrayList<>();
      for (int num : seq) {
        String w = indexWord.get(num);
        if (w != null) {
          if (numWords != null && numWords != 0 && num >= numWords) {
            if (oov != null) {
              words.add(indexWord.get(oov));
            }
          } else {
            words.add(w);
          }
        } else if (oovToken != null && oov != null) {
          words.add(indexWord.get(oov));
        }
      }
      out.add(String.join(" ", words));
    }
    return out;
  }

  /** Bag-of-words rows of {@code texts} (Keras's {@code texts_to_matrix}). */
  public double[][] textsToMatrix(List<String> texts, MatrixMode mode) {
    return sequencesToMatrix(textsToSequences(texts), mode);
  }

  /**
   * Bag-of-words rows of index sequences (Keras's {@code sequences_to_matrix}), {@code numWords}
   * columns (or the vocabulary size + 1 when unset); indices at or beyond that are ignored, as in
   * Keras; a negative index fails.
   */
  public double[][] sequencesToMatrix(List<int[]> sequences, MatrixMode mode) {
    int cols;
    if (numWords == null || numWords == 0) {
      if (wordIndex.isEmpty()) {
        throw new IllegalStateException(
            "sequencesToMatrix: specify numWords or fit on some text data first");
      }
      cols = wordIndex.size() + 1;
    } else {
      cols = numWords;
    }
    if (mode == MatrixMode.TFIDF && documentCount == 0) {
      throw new IllegalStateException(
          "sequencesToMatrix: fit the Tokenizer on some data before using tfidf mode");
    }
    double[][] x = new double[sequences.size()][cols];
    for (int r = 0; r < x.length; r++) {
      int[] seq = sequences.get(r);
      if (seq.length == 0) {
        continue;
      }
      LinkedHashMap<Integer, Integer> counts = new LinkedHashMap<>();
      for (int j : seq) {
        if (j < 0) {
          throw new IllegalArgumentException(
              "sequencesToMatrix: argument 'sequences' expected indices >= 0 but row "
                  + r
                  + " holds "
                  + j);
        }
        if (j < cols) {
          counts.merge(j, 1, Integer::sum);
        }
      }
      for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
        int j = e.getKey();
        int c = e.getValue();
        x[r][j] =
            switch (mode) {
              case COUNT -> c;
              case FREQ -> c / (double) seq.length;
              case BINARY -> 1;
              case TFIDF ->
                  (1 + Math.log(c))
                      * Math.log(1 + documentCount / (1.0 + indexDocs.getOrDefault(j, 0)));
            };
      }
    }
    return x;
  }

  /**
   * The vocabulary: word to index (1-based, most frequent first), as Keras's {@code word_index}.
   */
  public Map<String, Integer> wordIndex() {
    return Collections.unmodifiableMap(wordIndex);
  }

  /** Index to word, the inverse of {@link #wordIndex()} ({@code index_word}). */
  public Map<Integer, String> indexWord() {
    return Collections.unmodifiableMap(indexWord);
  }

  /** Word to its total count, in first-seen order ({@code word_counts}). */
  public Map<String, Integer> wordCounts() {
    return Collections.unmodifiableMap(wordCounts);
  }

  /** Word to the number of documents containing it ({@code word_docs}). */
  public Map<String, Integer> wordDocs() {
    return Collections.unmodifiableMap(wordDocs);
  }

  /** Index to the number of documents containing it ({@code index_docs}). */
  public Map<Integer, Integer> indexDocs() {
    return Collections.unmodifiableMap(indexDocs);
  }

  /** The number of documents fitted ({@code document_count}). */
  public int documentCount() {
    return documentCount;
  }

  /** The {@code num_words} setting, or null for all words. */
  public Integer numWords() {
    return numWords;
  }

  /** The OOV token, or null. */
  public String oovToken() {
    return oovToken;
  }

  /**
   * The tokenizer as Keras's {@code to_json()}: {@code {"class_name": "Tokenizer", "config":
   * {...}}} with the maps as nested JSON strings, so Python's {@code tokenizer_from_json} reads it.
   */
  public String toJson() {
    try {
      ObjectNode config = JSON.createObjectNode();
      if (numWords == null) {
        config.putNull("num_words");
      } else {
        config.put("num_words", numWords);
      }
      config.put("filters", filters);
      config.put("lower", lower);
      config.put("split", split);
      config.put("char_level", charLevel);
      config.put("oov_token", oovToken);
      config.put("document_count", documentCount);
      config.put("word_counts", JSON.writeValueAsString(wordCounts));
      config.put("word_docs", JSON.writeValueAsString(wordDocs));
      config.put("index_docs", JSON.writeValueAsString(stringKeys(indexDocs)));
      config.put("index_word", JSON.writeValueAsString(stringKeys(indexWord)));
      config.put("word_index", JSON.writeValueAsString(wordIndex));
      ObjectNode root = JSON.createObjectNode();
      root.put("class_name", "Tokenizer");
      root.set("config", config);
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tokenizer.toJson: " + e.getMessage(), e);
    }
  }

  /** A tokenizer from Keras's {@code to_json()} output ({@code tokenizer_from_json}). */
  public static Tokenizer fromJson(String json) {
    try {
      JsonNode config = JSON.readTree(json).get("config");
      if (config == null || !config.isObject()) {
        throw new IllegalArgumentException(
            "Tokenizer.fromJson: argument 'json' expected an object with a 'config' object but"
                + " was "
                + abbreviate(json));
      }
      Tokenizer t = new Tokenizer();
      JsonNode nw = config.get("num_words");
      t.numWords = nw == null || nw.isNull() ? null : nw.asInt();
      t.filters = config.path("filters").asText(TextPreprocessing.DEFAULT_FILTERS);
      t.lower = config.path("lower").asBoolean(true);
      t.split = config.path("split").asText(" ");
      t.charLevel = config.path("char_level").asBoolean(false);
      JsonNode oov = config.get("oov_token");
      t.oovToken = oov == null || oov.isNull() ? null : oov.asText();
      t.documentCount = config.path("document_count").asInt(0);
      TypeReference<LinkedHashMap<String, Integer>> counts = new TypeReference<>() {};
      t.wordCounts.putAll(JSON.readValue(config.path("word_counts").asText("{}"), counts));
      t.wordDocs.putAll(JSON.readValue(config.path("word_docs").asText("{}"), counts));
      t.wordIndex.putAll(JSON.readValue(config.path("word_index").asText("{}"), counts));
      JSON.readValue(config.path("index_docs").asText("{}"), counts)
          .forEach((k, v) -> t.indexDocs.put(Integer.parseInt(k), v));
      JSON.readValue(
              config.path("index_word").asText("{}"),
              new TypeReference<LinkedHashMap<String, String>>() {})
          .forEach((k, v) -> t.indexWord.put(Integer.parseInt(k), v));
      return t;
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "Tokenizer.fromJson: argument 'json' expected Keras Tokenizer JSON but parsing failed: "
              + e.getMessage(),
          e);
    }
  }

  private static <V> Map<String, V> stringKeys(Map<Integer, V> m) {
    Map<String, V> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(Integer.toString(k), v));
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private List<String> tokens(String text, String op) {
    if (text == null) {
      throw new IllegalArgumentException(
          "Tokenizer." + op + ": argument 'texts' expected strings but holds null");
    }
    if (charLevel) {
      String t = lower ? TextPreprocessing.lowerCase(text) : text;
      List<String> out = new ArrayList<>(t.length());
      t.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
      return out;
    }
    if (analyzer != null) {
      return analyzer.apply(text);
    }
    return TextPreprocessing.textToWordSequence(text, filters, lower, split);
  }

  private List<String> lowerTokens(List<String> tokens) {
    if (!lower) {
      return tokens;
    }
    List<String> out = new ArrayList<>(tokens.size());
    for (String w : tokens) {
      out.add(TextPreprocessing.lowerCase(w));
    }
    return out;
  }
}
