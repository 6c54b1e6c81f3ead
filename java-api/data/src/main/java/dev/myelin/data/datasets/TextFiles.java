package dev.myelin.data.datasets;

import dev.myelin.data.random.RandomState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * scikit-learn's {@code load_files}: one sub-folder per class, one text file per document, and
 * Python's {@code zipfile.extractall} to unpack such a folder (the book's {@code sms.zip}).
 *
 * <pre>{@code
 * TextFiles.extractAll(Path.of("../data/sms.zip"), Path.of("../data"));
 * TextFiles.Loaded sms = TextFiles.loadFiles(Path.of("../data/sms"));   // 5572 docs, [ham, spam]
 * }</pre>
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * The documents of a {@code load_files} folder.
   *
   * @param data each file's text
   * @param filenames each file's path
   * @param targetNames the class folders, sorted
   * @param target each document's class (index into {@code targetNames})
   */
  public record Loaded(
      List<String> data, List<Path> filenames, List<String> targetNames, int[] target) {}

  /**
   * {@code load_files(dir, encoding='utf-8')}: classes are the sorted sub-folders, files are listed
   * sorted by name, then shuffled with {@code RandomState(0)} as scikit-learn does by default.
   */
  public static Loaded loadFiles(Path container) {
    return loadFiles(container, true, 0L, StandardCharsets.UTF_8, true);
  }

  /**
   * {@code load_files(dir, shuffle, random_state, encoding, decode_error)}: {@code strict} decoding
   * fails naming the file; otherwise malformed bytes are dropped ({@code decode_error='ignore'}).
   */
  public static Loaded loadFiles(
      Path container, boolean shuffle, long randomState, Charset encoding, boolean strict) {
    List<String> folders = sortedNames(container, true);
    List<Path> files = new ArrayList<>();
    List<Integer> target = new ArrayList<>();
    for (int label = 0; label < folders.size(); label++) {
      Path folder = container.resolve(folders.get(label));
      for (String f : sortedNames(folder, false)) {
        files.add(folder.resolve(f));
        target.add(label);
      }
    }
    int[] order = new int[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      new RandomState(randomState).shuffle(order);
    }
    List<String> data = new ArrayList<>(order.length);
    List<Path> names = new ArrayList<>(order.length);
    int[] y = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      Path p = files.get(order[i]);
      names.add(p);
      y[i] = target.get(order[i]);
      data.add(decode(p, encoding, strict));
    }
    return new Loaded(data, names, folders, y);
  }

  private static String decode(Path p, Charset encoding, boolean strict) {
    try {
      CodingErrorAction action = strict ? CodingErrorAction.REPORT : CodingErrorAction.IGNORE;
      return encoding
          .newDecoder()
          .onMalformedInput(action)
          .onUnmappableCharacter(action)
          .decode(ByteBuffer.wrap(Files.readAllBytes(p)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "loadFiles: file " + p + " expected " + encoding + " text but has undecodable bytes", e);
    } catch (IOException e) {
      throw new UncheckedIOException("loadFiles: cannot read " + p, e);
    }
  }

  private static List<String> sortedNames(Path dir, boolean directories) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "loadFiles: argument 'container' expected a folder but " + dir + " is not one");
    }
    try (Stream<Path> s = Files.list(dir)) {
      // Python sorts names by code point; String order agrees outside surrogate pairs.
      return s.filter(p -> Files.isDirectory(p) == directories)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("loadFiles: cannot list " + dir, e);
    }
  }

  /**
   * Python's {@code ZipFile(zip).extractall(dir)}: every entry written below {@code dir}; an entry
   * whose path would leave {@code dir} fails.
   */
  public static void extractAll(Path zip, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      var entries = z.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IllegalArgumentException(
              "extractAll: entry '"
                  + e.getName()
                  + "' of "
                  + zip
                  + " expected to stay inside "
                  + root);
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = z.getInputStream(e)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("extractAll: cannot extract " + zip, e);
    }
  }
}
