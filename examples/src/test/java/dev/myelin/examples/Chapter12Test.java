package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.embeddings.KeyedVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book chapter 12 (shared/spec/book-examples.md, "Ch.12"). GloVe's {@code glove.6B.50d.txt} is not
 * in the shared data, so the default test runs the program on a small GloVe file written here with
 * an analogy built in; {@link #bookFigures} checks the book's printed figures when the real file is
 * at {@code ../shared/data/book/embeddings/glove.6B.50d.txt} (or {@code MYELIN_GLOVE}).
 */
class Chapter12Test {
  @TempDir Path tmp;

  /**
   * 40 words of 8 dimensions: random filler, plus king = royal + male, queen = royal + female, man
   * = male, woman = female (each plus a little noise), so king - man + woman is nearest queen.
   */
  static Path smallGlove(Path dir) throws IOException {
    Random rnd = new Random(3);
    String[] words = {"the", ",", ".", "of", "good", "cat", "king", "man", "woman", "queen"};
    double[] royal = {1, 0, 0, 0, 0.5, 0, 0, 0};
    double[] male = {0, 1, 0, 0, 0, 0.5, 0, 0};
    double[] female = {0, 0, 1, 0, 0, 0, 0.5, 0};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String w = i < words.length ? words[i] : "w" + i;
      double[] v = new double[8];
      for (int j = 0; j < 8; j++) {
        double base =
            switch (w) {
              case "king" -> royal[j] + male[j];
              case "queen" -> royal[j] + female[j];
              case "man" -> male[j];
              case "woman" -> female[j];
              default -> 0;
            };
        double noise = List.of("king", "queen", "man", "woman").contains(w) ? 0.01 : 0.5;
        v[j] = base + noise * rnd.nextGaussian();
      }
      sb.append(w);
      for (double d : v) {
        sb.append(' ').append(String.format(Locale.ROOT, "%.5f", d));
      }
      sb.append('\n');
    }
    Path file = dir.resolve("glove.small.8d.txt");
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void gloveProgramOnASmallFile() throws IOException {
    Path glove = smallGlove(tmp);
    GloveEmbeddings.Result r = GloveEmbeddings.run(glove, tmp, 4000, false);
    assertEquals(40, r.words());
    assertEquals(8, r.dimensions());
    assertEquals(4, r.goodIndex(), "word index = line number");
    assertEquals(5, r.catIndex());
    assertTrue(r.firstLine().startsWith("the "), r.firstLine());
    // 12.2: the frozen Embedding returns the stored vector exactly, shape (1, 1, D).
    assertArrayEquals(new long[] {1, 1, 8}, r.catPredictionShape());
    assertArrayEquals(r.catVector(), r.catPrediction());
    String[] catLine = Files.readAllLines(glove).get(5).split(" ");
    for (int j = 0; j < 8; j++) {
      assertEquals(Float.parseFloat(catLine[j + 1]), r.catPrediction()[j], "cat[" + j + "]");
    }
    // 12.3: glove2word2vec's (N, D) and the analogy.
    assertArrayEquals(new int[] {40, 8}, r.converted());
    GloveEmbeddings.Query analogy = r.queries().get(r.queries().size() - 1);
    assertEquals("queen", analogy.neighbours().get(0).word(), analogy.toString());
    // Cosine of the top 'good' neighbour, recomputed here from the file's numbers.
    KeyedVectors.Similar top = r.queries().get(0).neighbours().get(0);
    List<String> lines = Files.readAllLines(glove);
    double[] a = parse(lines.get(4));
    double[] b =
        parse(lines.stream().filter(l -> l.startsWith(top.word() + " ")).findFirst().get());
    assertEquals(cosine(a, b), top.similarity(), 1e-6);
    // 12.4: the projector's files (the book's metadata starts "the , . of").
    List<String> meta = Files.readAllLines(r.metadata());
    assertEquals(List.of("the", ",", ".", "of"), meta.subList(0, 4));
    assertEquals(40, meta.size());
    assertTrue(Files.readString(tmp.resolve("projector_config.pbtxt")).contains("metadata.tsv"));
    assertEquals(40, Files.readAllLines(tmp.resolve("embeddings.tsv")).size());
  }

  static Path realGlove() {
    String env = System.getenv("MYELIN_GLOVE");
    return env != null && !env.isEmpty()
        ? Path.of(env)
        : Path.of("../../shared/data/book/embeddings/glove.6B.50d.txt");
  }

  static boolean hasRealGlove() {
    return Files.isRegularFile(realGlove());
  }

  @Test
  @EnabledIf("hasRealGlove")
  void bookFigures() {
    assertTrue(Files.isDirectory(data()));
    GloveEmbeddings.Result r = GloveEmbeddings.run(realGlove(), tmp, 4000, false);
    assertTrue(r.firstLine().startsWith("the 0.418 0.24968 -0.41242 0.1217 0.34527"));
    assertEquals(400000, r.words());
    assertEquals(219, r.goodIndex());
    assertEquals(5450, r.catIndex());
    assertEquals(-3.5586e-01f, r.goodVector()[0]);
    assertEquals(9.2771e-01f, r.goodVector()[49]);
    assertArrayEquals(r.catVector(), r.catPrediction());
    assertEquals(0.45281f, r.catPrediction()[0]);
    assertEquals(0.23782f, r.catPrediction()[49]);
    assertArrayEquals(new int[] {400000, 50}, r.converted());
    // gensim computes in float32, Myelin in float64: the book's scores agree to about 1e-6.
    String[][] words = {
      {"better", "really", "always", "sure", "something"},
      {"three", "four", "five", "six", "seven"},
      {"queen", "throne", "prince"}
    };
    double[][] scores = {
      {
        0.9284390807151794,
        0.9220625162124634,
        0.9165270328521729,
        0.9033513069152832,
        0.9014205932617188
      },
      {
        0.9885902404785156,
        0.9817472696304321,
        0.9644663333892822,
        0.964131236076355,
        0.9512959718704224
      },
      {0.8523603677749634, 0.7664333581924438, 0.7592144012451172}
    };
    for (int q = 0; q < 3; q++) {
      List<KeyedVectors.Similar> n = r.queries().get(q).neighbours();
      for (int i = 0; i < words[q].length; i++) {
        assertEquals(words[q][i], n.get(i).word());
        assertEquals(scores[q][i], n.get(i).similarity(), 2e-6);
      }
    }
  }

  private static double[] parse(String line) {
    String[] p = line.split(" ");
    double[] v = new double[p.length - 1];
    for (int i = 1; i < p.length; i++) {
      v[i - 1] = Float.parseFloat(p[i]);
    }
    return v;
  }

  private static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
