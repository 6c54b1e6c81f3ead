package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The book's data files, in the shared folder beside the repository. */
final class BookFiles {
  static final Path DIR = Path.of("../../../shared/data/book");

  private BookFiles() {}

  /** The path of a book data file, failing clearly when the shared folder is missing. */
  static Path file(String name) {
    Path p = DIR.resolve(name);
    assertTrue(
        Files.isRegularFile(p),
        "book data file missing: "
            + p.toAbsolutePath().normalize()
            + " (tests expect shared/data/book beside the repository checkout)");
    return p;
  }
}
