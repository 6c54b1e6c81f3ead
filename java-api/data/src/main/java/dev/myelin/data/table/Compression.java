package dev.myelin.data.table;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** How a data file is compressed, as pandas' {@code compression=} argument names it. */
public enum Compression {
  /** Chosen from the file name: {@code .gz}, {@code .bz2}, {@code .zip}, otherwise none. */
  INFER,
  /** Plain, uncompressed bytes. */
  NONE,
  /** gzip ({@code .gz}). */
  GZIP,
  /** bzip2 ({@code .bz2}). */
  BZ2,
  /** A zip archive; the first file in it is read. */
  ZIP;

  /** The compression {@link #INFER} picks for {@code file}. */
  public static Compression inferFrom(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return GZIP;
    }
    if (name.endsWith(".bz2")) {
      return BZ2;
    }
    if (name.endsWith(".zip")) {
      return ZIP;
    }
    return NONE;
  }

  /** Opens {@code file} and decompresses it; a missing file is a {@link DataFileException}. */
  InputStream open(Path file) {
    Compression kind = this == INFER ? inferFrom(file) : this;
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new DataFileException(
          file, 0, null, "file not found (absolute path " + file.toAbsolutePath() + ")", e);
    } catch (IOException e) {
      throw new DataFileException(file, 0, null, "cannot open: " + e, e);
    }
    try {
      switch (kind) {
        case GZIP:
          return new GZIPInputStream(raw, 1 << 16);
        case BZ2:
          return new BZip2CompressorInputStream(raw, true);
        case ZIP:
          ZipInputStream zip = new ZipInputStream(raw);
          ZipEntry entry = zip.getNextEntry();
          while (entry != null && entry.isDirectory()) {
            entry = zip.getNextEntry();
          }
          if (entry == null) {
            throw new DataFileException(file, 0, null, "zip archive holds no file", null);
          }
          return zip;
        default:
          return raw;
      }
    } catch (IOException e) {
      closeQuietly(raw);
      throw new DataFileException(file, 0, null, "not valid " + kind + " data: " + e, e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The open failure is the error worth reporting.
    }
  }
}
