package dev.myelin.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The book's texts read as Python's csv module reads them (for comparisons with Python). */
public final class BookTexts {
  private BookTexts() {}

  /** movie_reviews.csv's reviews without the {@code none} votes (14049). */
  public static List<String> movieReviews() throws IOException {
    List<String> out = new ArrayList<>();
    for (CSVRecord r : records(PythonScripts.data("book/movie_reviews.csv"))) {
      if (!r.get("vote").equals("none")) {
        out.add(r.get("review"));
      }
    }
    return out;
  }

  /** sms_spam.csv's messages (5572). */
  public static List<String> smsMessages() throws IOException {
    List<String> out = new ArrayList<>();
    for (CSVRecord r : records(PythonScripts.data("book/sms_spam.csv"))) {
      out.add(r.get("message"));
    }
    return out;
  }

  /** The sentences of the three sentiment-labelled-sentences files (amazon, imdb, yelp). */
  public static List<String> sentences() throws IOException {
    List<String> out = new ArrayList<>();
    for (String f :
        new String[] {"amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"}) {
      out.addAll(sentences(f));
    }
    return out;
  }

  /** The sentences of one sentiment-labelled-sentences file. */
  public static List<String> sentences(String file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            PythonScripts.data("sentiment-labelled-sentences/" + file), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(line.substring(0, line.lastIndexOf('\t')));
      }
    }
    return out;
  }

  private static List<CSVRecord> records(Path p) throws IOException {
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(r)
          .getRecords();
    }
  }
}
