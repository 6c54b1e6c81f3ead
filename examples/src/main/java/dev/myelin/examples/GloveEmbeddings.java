package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.embeddings.EmbeddingFiles;
import dev.myelin.data.embeddings.KeyedVectors;
import dev.myelin.data.text.Sequences;
import dev.myelin.layers.Embedding;
import dev.myelin.models.Sequential;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 12.1 to 12.4: pretrained GloVe word vectors. Loads the GloVe text file (word index = line
 * number), puts the whole matrix into a frozen {@code Embedding} whose prediction for a word's
 * index is exactly its vector, converts the file to word2vec text and asks for neighbours and the
 * king - man + woman analogy as gensim's {@code KeyedVectors} does, and exports the first words for
 * TensorBoard's projector ({@code metadata.tsv}, the vectors as {@code embeddings.tsv} and {@code
 * projector_config.pbtxt}).
 *
 * <p>The book downloads {@code glove.6B.50d.txt} (400,000 words, 50 dimensions) with a script; it
 * is not among the shared data files, so the program reads {@code --glove FILE} (default {@code
 * DATA/embeddings/glove.6B.50d.txt}).
 */
public final class GloveEmbeddings implements Example {
  /** A word and its neighbours with their cosine similarities. */
  public record Query(String label, List<KeyedVectors.Similar> neighbours) {}

  /** What the chapter prints. */
  public record Result(
      String firstLine,
      int words,
      int dimensions,
      Integer goodIndex,
      float[] goodVector,
      Integer catIndex,
      long[] catPredictionShape,
      float[] catPrediction,
      float[] catVector,
      int[] converted,
      List<Query> queries,
      Path metadata) {}

  @Override
  public String name() {
    return "glove";
  }

  @Override
  public String description() {
    return "ch.12 GloVe vectors: lookups, frozen Embedding, most_similar and analogies, projector";
  }

  @Override
  public void run(String[] args) {
    String given = Book.option(args, "--glove");
    Path glove =
        given != null
            ? Path.of(given)
            : Book.dataDir(args).resolve("embeddings").resolve("glove.6B.50d.txt");
    if (!Files.isRegularFile(glove)) {
      throw new IllegalArgumentException(
          "glove: the GloVe file "
              + glove.toAbsolutePath().normalize()
              + " does not exist; download glove.6B.zip from https://nlp.stanford.edu/projects/glove/"
              + " and pass --glove FILE");
    }
    run(glove, Book.outDir(name(), args), 4000, true);
  }

  /**
   * Runs 12.1 to 12.4 on {@code glove}, writing the word2vec copy and the projector files into
   * {@code out}; the projector gets the first {@code nViz} words.
   */
  public static Result run(Path glove, Path out, int nViz, boolean print) {
    String firstLine;
    try (BufferedReader r = Files.newBufferedReader(glove, StandardCharsets.UTF_8)) {
      firstLine = r.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + glove, e);
    }
    KeyedVectors kv = KeyedVectors.loadGlove(glove);
    Integer good = kv.contains("good") ? kv.indexOf("good") : null;
    float[] goodVector = good != null ? kv.vector("good") : null;
    if (print) {
      System.out.println(firstLine.substring(0, Math.min(80, firstLine.length())) + "...");
      System.out.println("len(embeddings) " + kv.size() + ", vector size " + kv.vectorSize());
      if (good != null) {
        System.out.println("word_index['good'] " + good + ", word_inverted_index[0] " + kv.word(0));
      }
    }

    // 12.2: Embedding(input_dim=N, output_dim=D, weights=[matrix], trainable=False).
    Integer cat = kv.contains("cat") ? kv.indexOf("cat") : null;
    long[] catShape = null;
    float[] catPrediction = null;
    try (TensorScope scope = new TensorScope()) {
      Sequential model = new Sequential();
      model.add(
          new Embedding(kv.size(), kv.vectorSize())
              .weights(kv.toTensor())
              .maskZero(false)
              .trainable(false));
      if (cat != null) {
        Tensor p = model.predict(Sequences.toTensor(new int[][] {{cat}}));
        catShape = p.shape();
        catPrediction = p.toFloatArray();
        if (print) {
          System.out.println(
              "cat_index " + cat + ", prediction shape " + java.util.Arrays.toString(catShape));
        }
      }
    }

    // 12.3: glove2word2vec, load_word2vec_format, most_similar.
    Path vec = out.resolve(glove.getFileName() + ".vec");
    int[] converted = EmbeddingFiles.glove2word2vec(glove, vec);
    KeyedVectors w2v = KeyedVectors.loadWord2VecFormat(vec, false);
    List<Query> queries = new ArrayList<>();
    for (String w : List.of("good", "two")) {
      if (w2v.contains(w)) {
        queries.add(new Query(w, w2v.mostSimilar(w, 5)));
      }
    }
    if (w2v.contains("king") && w2v.contains("woman") && w2v.contains("man")) {
      queries.add(
          new Query(
              "king - man + woman", w2v.mostSimilar(List.of("king", "woman"), List.of("man"), 3)));
    }
    if (print) {
      System.out.println("glove2word2vec " + java.util.Arrays.toString(converted));
      for (Query q : queries) {
        StringBuilder sb = new StringBuilder(q.label()).append(':');
        for (KeyedVectors.Similar s : q.neighbours()) {
          sb.append(' ').append(s.word()).append(' ').append(s.similarity());
        }
        System.out.println(sb);
      }
    }

    // 12.4: the projector's files for the first nViz words.
    Path metadata = exportProjector(kv, Math.min(nViz, kv.size()), out);
    if (print) {
      System.out.println("wrote " + metadata.getParent().resolve("projector_config.pbtxt"));
    }
    return new Result(
        firstLine,
        kv.size(),
        kv.vectorSize(),
        good,
        goodVector,
        cat,
        catShape,
        catPrediction,
        cat != null ? kv.vector("cat") : null,
        converted,
        queries,
        metadata);
  }

  /**
   * Writes {@code metadata.tsv} (one word per line), {@code embeddings.tsv} (one vector per line)
   * and {@code projector_config.pbtxt} naming both, which TensorBoard's projector reads; the book
   * saves the vectors as a TensorFlow checkpoint instead, which needs TensorFlow to write.
   */
  static Path exportProjector(KeyedVectors kv, int n, Path out) {
    StringBuilder words = new StringBuilder();
    StringBuilder vectors = new StringBuilder();
    for (int i = 0; i < n; i++) {
      words.append(kv.word(i)).append('\n');
      float[] v = kv.vector(kv.word(i));
      for (int j = 0; j < v.length; j++) {
        vectors.append(j == 0 ? "" : "\t").append(v[j]);
      }
      vectors.append('\n');
    }
    String config =
        "embeddings {\n"
            + "    tensor_name: \"embedding/embeddings:0\"\n"
            + "    tensor_path: \"embeddings.tsv\"\n"
            + "    metadata_path: \"metadata.tsv\"\n"
            + "}\n";
    try {
      Files.writeString(out.resolve("metadata.tsv"), words, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("embeddings.tsv"), vectors, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("projector_config.pbtxt"), config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the projector files into " + out, e);
    }
    return out.resolve("metadata.tsv");
  }
}
