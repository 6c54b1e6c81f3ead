package dev.myelin.data.embeddings;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers and writers of the embedding file formats: GloVe text (no header), word2vec/fastText text
 * ({@code "N D"} header) and word2vec binary. A malformed line fails with an {@link
 * EmbeddingFormatException} naming the file and the line.
 */
public final class EmbeddingFiles {
  private EmbeddingFiles() {}

  /**
   * A text file of {@code word v1 ... vD} lines, after an {@code "N D"} header when {@code header}.
   */
  static KeyedVectors readText(Path path, boolean header) {
    List<String> words = new ArrayList<>();
    FloatList values = new FloatList();
    int dim = -1;
    int expectedRows = -1;
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        String[] parts = s.split(" ");
        if (header && lineNo == 1) {
          if (parts.length != 2) {
            throw new EmbeddingFormatException(
                path, lineNo, "a header \"<words> <dimensions>\"", "'" + abbreviate(s) + "'");
          }
          expectedRows = parseCount(path, lineNo, parts[0], "word count");
          dim = parseCount(path, lineNo, parts[1], "vector size");
          continue;
        }
        if (dim < 0) {
          dim = parts.length - 1;
          if (dim < 1) {
            throw new EmbeddingFormatException(
                path, lineNo, "a word followed by its vector", "'" + abbreviate(s) + "'");
          }
        }
        if (parts.length - 1 != dim) {
          throw new EmbeddingFormatException(
              path,
              lineNo,
              dim + " values after the word",
              (parts.length - 1) + " (word '" + abbreviate(parts[0]) + "')");
        }
        words.add(parts[0]);
        for (int k = 1; k < parts.length; k++) {
          values.add(parseValue(path, lineNo, parts[k]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embeddings file " + path, e);
    }
    if (words.isEmpty()) {
      throw new EmbeddingFormatException(path, 0, "at least one word vector", "none");
    }
    if (expectedRows >= 0 && expectedRows != words.size()) {
      throw new EmbeddingFormatException(
          path, 1, "the header's " + expectedRows + " words", words.size() + " word lines");
    }
    return new KeyedVectors(words, values.toArray(), dim);
  }

  /** A word2vec binary file: header line, then each word, a space and D little-endian float32. */
  static KeyedVectors readWord2VecBinary(Path path) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
      String head = readUntil(in, '\n', path, 1, "the header line");
      String[] parts = head.strip().split(" ");
      if (parts.length != 2) {
        throw new EmbeddingFormatException(
            path, 1, "a header \"<words> <dimensions>\"", "'" + abbreviate(head) + "'");
      }
      int n = parseCount(path, 1, parts[0], "word count");
      int dim = parseCount(path, 1, parts[1], "vector size");
      long need = (long) n * dim * 4 + (long) n * 2;
      if (dim < 1 || need > Files.size(path) || (long) n * dim > Integer.MAX_VALUE - 8) {
        // Refuse a header the file cannot back before allocating for it.
        throw new EmbeddingFormatException(
            path,
            1,
            "a header whose "
                + n
                + " x "
                + dim
                + " float32 values fit in the file's "
                + Files.size(path)
                + " bytes",
            "'" + abbreviate(head.strip()) + "'");
      }
      List<String> words = new ArrayList<>(n);
      float[] values = new float[n * dim];
      byte[] buf = new byte[dim * 4];
      for (int i = 0; i < n; i++) {
        // Entries count as lines for messages: entry i is "line" i + 2 after the header.
        String w = readUntil(in, ' ', path, i + 2, "a word followed by a space").strip();
        try {
          in.readFully(buf);
        } catch (EOFException e) {
          throw new EmbeddingFormatException(
              path,
              i + 2,
              dim + " float32 values for word '" + abbreviate(w) + "'",
              "the end of the file");
        }
        ByteBuffer.wrap(buf)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(values, i * dim, dim);
        words.add(w);
      }
      return new KeyedVectors(words, values, dim);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embeddings file " + path, e);
    }
  }

  private static String readUntil(InputStream in, char stop, Path path, int entry, String what)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EmbeddingFormatException(path, entry, what, "the end of the file");
      }
      if (c == stop) {
        break;
      }
      if (c == '\n' && b.size() == 0) {
        continue; // the newline some writers put after each vector
      }
      if (b.size() > 1 << 16) {
        throw new EmbeddingFormatException(path, entry, what, "more than 65536 bytes without one");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  /** Writes {@code kv} as word2vec text (also fastText {@code .vec}), header first. */
  public static void writeWord2VecText(KeyedVectors kv, Path path) {
    write(kv, path, true);
  }

  /** Writes {@code kv} as GloVe text (no header). */
  public static void writeGlove(KeyedVectors kv, Path path) {
    write(kv, path, false);
  }

  /**
   * gensim's {@code glove2word2vec(glove, out)}: copies a GloVe file with an {@code "N D"} header
   * in front; returns {@code {N, D}}.
   */
  public static int[] glove2word2vec(Path glove, Path out) {
    KeyedVectors kv = KeyedVectors.loadGlove(glove);
    writeWord2VecText(kv, out);
    return new int[] {kv.size(), kv.vectorSize()};
  }

  private static void write(KeyedVectors kv, Path path, boolean header) {
    try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      if (header) {
        w.write(kv.size() + " " + kv.vectorSize() + "\n");
      }
      for (int i = 0; i < kv.size(); i++) {
        StringBuilder sb = new StringBuilder(kv.word(i));
        for (float v : kv.row(i)) {
          sb.append(' ').append(v);
        }
        w.write(sb.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embeddings file " + path, e);
    }
  }

  /** Writes {@code kv} in word2vec's binary format. */
  public static void writeWord2VecBinary(KeyedVectors kv, Path path) {
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(path))) {
      out.write((kv.size() + " " + kv.vectorSize() + "\n").getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.allocate(kv.vectorSize() * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < kv.size(); i++) {
        out.write((kv.word(i) + " ").getBytes(StandardCharsets.UTF_8));
        b.clear();
        b.asFloatBuffer().put(kv.row(i));
        out.write(b.array());
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embeddings file " + path, e);
    }
  }

  private static int parseCount(Path path, int line, String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new EmbeddingFormatException(path, line, "a non-negative " + what, "'" + s + "'");
    }
  }

  private static float parseValue(Path path, int line, String s) {
    try {
      // Parsed to float64 then rounded, as numpy's astype('float32') of Python floats does.
      return (float) Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new EmbeddingFormatException(path, line, "a number", "'" + abbreviate(s) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** A growable float array (the file's size is unknown until read). */
  private static final class FloatList {
    private float[] a = new float[1024];
    private int n;

    void add(float v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
