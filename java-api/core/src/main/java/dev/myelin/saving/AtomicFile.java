package dev.myelin.saving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file through a temporary file in the same directory and an atomic rename, so a failed or
 * interrupted save leaves the previous file intact.
 *
 * <p>The temporary file is {@code .NAME.PID-RANDOM.tmp}: the writer's process id in the name lets
 * the next save of {@code NAME} remove what a killed writer left behind (see {@link
 * #removeStaleTemporaries}), while a save in progress in another live process is left alone.
 */
final class AtomicFile {
  /** Writes the content of one file to the path it is given. */
  interface Writer {
    void writeTo(Path tmp) throws IOException;
  }

  /**
   * A temporary whose writer is not alive on this machine is removed once it has not changed for
   * this long (a writer on another machine sharing the folder keeps its file fresh while it
   * writes).
   */
  static final Duration DEAD_WRITER_AGE = Duration.ofMinutes(1);

  /**
   * Any temporary of our pattern unchanged this long is removed, its writer alive or not (a process
   * id can be reused; no save pauses for a day).
   */
  static final Duration ABANDONED_AGE = Duration.ofHours(24);

  /**
   * Temporaries without a process id (written before ids were added, by {@code createTempFile}:
   * digits only) are removed once this old.
   */
  static final Duration OLD_PATTERN_AGE = Duration.ofHours(1);

  private static final Pattern TEMP = Pattern.compile("(?:(\\d{1,18})-)?\\d{1,20}\\.tmp");

  private AtomicFile() {}

  static void write(Path target, Writer writer) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      removeStaleTemporaries(abs);
      tmp = temporaryFor(abs, ProcessHandle.current().pid());
      writer.writeTo(tmp);
      // the rename must not publish a file whose bytes are still only in the page cache
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("saving " + target + " failed: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The save already failed; the original error is the one to report.
        }
      }
    }
  }

  /** A fresh temporary name for {@code target}, written by process {@code pid}. */
  static Path temporaryFor(Path target, long pid) {
    long r = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    return target.resolveSibling("." + target.getFileName() + "." + pid + "-" + r + ".tmp");
  }

  /**
   * Deletes the temporaries earlier saves of {@code target} left behind: only names of our pattern
   * for this very target, and only when their writer process is gone (and the file has not changed
   * for {@link #DEAD_WRITER_AGE}) or they are older than {@link #ABANDONED_AGE}; a temporary of
   * another save running now is kept. Failures are ignored: cleaning up must not fail a save.
   */
  static void removeStaleTemporaries(Path target) {
    String prefix = "." + target.getFileName() + ".";
    Instant now = Instant.now();
    DirectoryStream.Filter<Path> ours = p -> p.getFileName().toString().startsWith(prefix);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), ours)) {
      for (Path p : ds) {
        Matcher m = TEMP.matcher(p.getFileName().toString().substring(prefix.length()));
        if (!m.matches() || !Files.isRegularFile(p)) {
          continue;
        }
        Duration age = Duration.between(Files.getLastModifiedTime(p).toInstant(), now);
        boolean stale;
        if (m.group(1) == null) {
          stale = age.compareTo(OLD_PATTERN_AGE) > 0;
        } else {
          boolean alive = ProcessHandle.of(Long.parseLong(m.group(1))).isPresent();
          stale = age.compareTo(ABANDONED_AGE) > 0 || !alive && age.compareTo(DEAD_WRITER_AGE) > 0;
        }
        if (stale) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // A temporary we cannot list or delete is left for a later save.
    }
  }
}
