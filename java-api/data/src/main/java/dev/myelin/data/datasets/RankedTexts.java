package dev.myelin.data.datasets;

import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.text.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Texts as word ranks (1 = the most frequent word) with labels, the raw form of Keras's IMDB and
 * Reuters files: {@link SequenceIndexing} turns it into what {@code load_data} returns, and {@link
 * #wordIndex()} is what {@code get_word_index()} returns. The stand-ins build it from local text
 * with a Keras {@code Tokenizer} (its {@code word_index} ranks words by frequency, as IMDB's does).
 *
 * @param x every sequence of ranks, training sequences first
 * @param y one label per sequence
 * @param trainCount how many leading sequences form the training set (IMDB-style files)
 * @param wordIndex word to rank
 */
public record RankedTexts(List<int[]> x, int[] y, int trainCount, Map<String, Integer> wordIndex) {
  /** IMDB's {@code load_data} arithmetic over the training and test parts. */
  public TextSplits loadImdbStyle(SequenceIndexing indexing) {
    return indexing.applyImdb(
        x.subList(0, trainCount),
        java.util.Arrays.copyOfRange(y, 0, trainCount),
        x.subList(trainCount, x.size()),
        java.util.Arrays.copyOfRange(y, trainCount, y.length));
  }

  /** Reuters' {@code load_data} arithmetic over all sequences (split by {@code testSplit}). */
  public TextSplits loadReutersStyle(SequenceIndexing indexing) {
    return indexing.applyReuters(x, y);
  }

  /**
   * The IMDB stand-in: the book's {@code movie_reviews.csv} without {@code none} votes, label 1 for
   * {@code fresh} and 0 for {@code rotten}; even rows (in file order) train, odd rows test.
   */
  public static RankedTexts movieReviews(Path csv) {
    DataFrame df = Csv.read(csv);
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < df.length(); i++) {
      Object vote = df.get("vote").get(i);
      if ("fresh".equals(vote) || "rotten".equals(vote)) {
        Object review = df.get("review").get(i);
        texts.add(review == null ? "" : review.toString());
        labels.add("fresh".equals(vote) ? 1 : 0);
      }
    }
    return alternating(texts, labels);
  }

  /**
   * The Reuters stand-in: the sentences of UCI's sentiment-labelled-sentences folder, labelled by
   * source (0 amazon, 1 imdb, 2 yelp) as three "topics", in file order.
   */
  public static RankedTexts sentimentSentencesBySource(Path dir) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    String[] files = {"amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"};
    for (int f = 0; f < files.length; f++) {
      for (String[] row : sentences(dir.resolve(files[f]))) {
        texts.add(row[0]);
        labels.add(f);
      }
    }
    return ranked(texts, labels, texts.size());
  }

  /**
   * The sentiment sentences of all three sources with their 0/1 labels, IMDB-style: even lines
   * train, odd lines test.
   */
  public static RankedTexts sentimentSentences(Path dir) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String f :
        new String[] {"amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"}) {
      for (String[] row : sentences(dir.resolve(f))) {
        texts.add(row[0]);
        labels.add(Integer.parseInt(row[1]));
      }
    }
    return alternating(texts, labels);
  }

  private static List<String[]> sentences(Path file) {
    try {
      List<String[]> out = new ArrayList<>();
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        int tab = line.lastIndexOf('\t');
        String label = tab < 0 ? "" : line.substring(tab + 1).strip();
        if (!label.equals("0") && !label.equals("1")) {
          throw new IllegalArgumentException(
              "sentiment sentences file "
                  + file
                  + ", line "
                  + n
                  + ": expected \"<sentence>\\t<0 or 1>\" but was '"
                  + line
                  + "'");
        }
        out.add(new String[] {line.substring(0, tab), label});
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static RankedTexts alternating(List<String> texts, List<Integer> labels) {
    List<String> ordered = new ArrayList<>(texts.size());
    List<Integer> y = new ArrayList<>(texts.size());
    for (int pass = 0; pass < 2; pass++) {
      for (int i = pass; i < texts.size(); i += 2) {
        ordered.add(texts.get(i));
        y.add(labels.get(i));
      }
    }
    return ranked(ordered, y, (texts.size() + 1) / 2);
  }

  private static RankedTexts ranked(List<String> texts, List<Integer> labels, int trainCount) {
    Tokenizer tok = new Tokenizer().fitOnTexts(texts);
    return new RankedTexts(
        tok.textsToSequences(texts),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        trainCount,
        tok.wordIndex());
  }
}
