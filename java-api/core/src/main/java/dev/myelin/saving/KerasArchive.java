package dev.myelin.saving;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The raw parts of a Keras 3 {@code .keras} model archive: a zip (entries stored, as Keras writes
 * them) of {@code metadata.json}, {@code config.json} and {@code model.weights.h5}.
 *
 * <p>The JSON parts are kept as text: the model's config is produced and parsed by the model code,
 * so this class needs no JSON library.
 *
 * <pre>{@code
 * KerasArchive.write(path, configJson, KerasArchive.metadataNow(), weights);
 * KerasArchive a = KerasArchive.read(path);
 * String config = a.configJson();
 * }</pre>
 */
public final class KerasArchive {
  /** The Keras version Myelin's files declare in {@code metadata.json}. */
  public static final String KERAS_VERSION = "3.15.1";

  /**
   * Most bytes a JSON entry ({@code config.json}, {@code metadata.json}) may inflate to; counted
   * while inflating, so a zip bomb stops here whatever its header claims.
   */
  public static final long MAX_JSON_ENTRY_BYTES = 64L << 20;

  /** Most bytes the {@code model.weights.h5} entry may inflate to: the largest Java array. */
  public static final long MAX_WEIGHTS_ENTRY_BYTES = Integer.MAX_VALUE - 16L;

  /** Most bytes all entries together may inflate to (other entries are read and dropped). */
  public static final long MAX_TOTAL_BYTES = 4L << 30;

  /** Most entries an archive may hold (Keras writes three, plus an assets folder). */
  public static final int MAX_ENTRIES = 10_000;

  private final String configJson;
  private final String metadataJson;
  private final WeightsFile weights;
  private final Map<String, byte[]> assets;

  /** An archive of the three parts. */
  public KerasArchive(String configJson, String metadataJson, WeightsFile weights) {
    this(configJson, metadataJson, weights, Map.of());
  }

  /**
   * An archive of the three parts and the layers' asset files ({@code assets/...} entry name to
   * bytes, as Keras's {@code save_assets} writes a TextVectorization's {@code vocabulary.txt}).
   */
  public KerasArchive(
      String configJson, String metadataJson, WeightsFile weights, Map<String, byte[]> assets) {
    this.configJson = configJson;
    this.metadataJson = metadataJson;
    this.weights = weights;
    this.assets = Map.copyOf(assets);
  }

  /** The asset files, by entry name ({@code assets/layers/text_vectorization/vocabulary.txt}). */
  public Map<String, byte[]> assets() {
    return assets;
  }

  /** The model's {@code config.json} text. */
  public String configJson() {
    return configJson;
  }

  /** The {@code metadata.json} text (keras_version, date_saved). */
  public String metadataJson() {
    return metadataJson;
  }

  /** The weights of {@code model.weights.h5}. */
  public WeightsFile weights() {
    return weights;
  }

  /** Keras's metadata for a file saved now: {@code {"keras_version": ..., "date_saved": ...}}. */
  public static String metadataNow() {
    String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss"));
    return "{\"keras_version\": \"" + KERAS_VERSION + "\", \"date_saved\": \"" + date + "\"}";
  }

  /**
   * Writes {@code file} as a {@code .keras} zip, through a temporary file and an atomic rename so a
   * failed save leaves the previous file intact.
   */
  public static void write(Path file, String configJson, String metadataJson, WeightsFile weights) {
    write(file, configJson, metadataJson, weights, Map.of());
  }

  /** {@link #write(Path, String, String, WeightsFile)} with asset files ({@link #assets()}). */
  public static void write(
      Path file,
      String configJson,
      String metadataJson,
      WeightsFile weights,
      Map<String, byte[]> assets) {
    AtomicFile.write(
        file,
        tmp -> {
          // the weights go through a scratch file named like the archive's temporary, so that a
          // save killed here leaves nothing the next save would not clean up
          Path scratch =
              AtomicFile.temporaryFor(file.toAbsolutePath(), ProcessHandle.current().pid());
          byte[] h5;
          try {
            h5 = weights.toBytes(scratch);
          } finally {
            Files.deleteIfExists(scratch);
          }
          try (OutputStream os = Files.newOutputStream(tmp);
              ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, "metadata.json", metadataJson.getBytes(StandardCharsets.UTF_8));
            stored(zip, "config.json", configJson.getBytes(StandardCharsets.UTF_8));
            stored(zip, "model.weights.h5", h5);
            for (Map.Entry<String, byte[]> a : new TreeMap<>(assets).entrySet()) {
              stored(zip, a.getKey(), a.getValue());
            }
          }
        });
  }

  /** Writes this archive to {@code file} (atomically). */
  public void write(Path file) {
    write(file, configJson, metadataJson, weights, assets);
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * Reads a {@code .keras} archive; a file that is not a zip, or lacks {@code config.json} or
   * {@code model.weights.h5}, throws a {@link WeightsFormatException} naming the file and the part.
   */
  public static KerasArchive read(Path file) {
    String config = null;
    String metadata = null;
    byte[] h5 = null;
    Map<String, byte[]> assets = new LinkedHashMap<>();
    int entries = 0;
    long total = 0;
    try (InputStream is = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(is)) {
      long size = Files.size(file);
      if (size > MAX_TOTAL_BYTES) {
        throw new WeightsFormatException(
            file,
            ".keras archive is " + size + " bytes, more than the limit of " + MAX_TOTAL_BYTES);
      }
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (++entries > MAX_ENTRIES) {
          throw new WeightsFormatException(
              file, ".keras archive has more than " + MAX_ENTRIES + " entries");
        }
        String name = e.getName();
        boolean json = name.equals("config.json") || name.equals("metadata.json");
        boolean asset = name.startsWith("assets/") && !name.endsWith("/");
        boolean kept = json || asset || name.equals("model.weights.h5");
        long limit =
            json || asset ? MAX_JSON_ENTRY_BYTES : kept ? MAX_WEIGHTS_ENTRY_BYTES : Long.MAX_VALUE;
        long room = MAX_TOTAL_BYTES - total;
        ByteArrayOutputStream data = kept ? new ByteArrayOutputStream() : null;
        long n = copyAtMost(zip, data, Math.min(limit, room));
        if (n > Math.min(limit, room)) {
          throw new WeightsFormatException(
              file,
              ".keras entry "
                  + name
                  + " inflates past "
                  + (limit <= room
                      ? "its limit of " + limit + " bytes"
                      : "the archive's limit of " + MAX_TOTAL_BYTES + " bytes in all"));
        }
        total += n;
        if (name.equals("config.json")) {
          config = data.toString(StandardCharsets.UTF_8);
        } else if (name.equals("metadata.json")) {
          metadata = data.toString(StandardCharsets.UTF_8);
        } else if (asset) {
          assets.put(name, data.toByteArray());
        } else if (kept) {
          h5 = data.toByteArray();
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      // ZipInputStream reports a garbled entry name ("malformed input") as IllegalArgumentException
      throw new WeightsFormatException(
          file, "not a valid .keras zip archive (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new WeightsFormatException(file, "truncated .keras zip archive", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
    }
    if (entries == 0) {
      throw new WeightsFormatException(file, "not a .keras zip archive (no zip entries found)");
    }
    if (config == null) {
      throw new WeightsFormatException(file, ".keras archive has no config.json");
    }
    if (h5 == null) {
      throw new WeightsFormatException(file, ".keras archive has no model.weights.h5");
    }
    WeightsFile weights = WeightsFile.read(h5, file.resolve("model.weights.h5"));
    return new KerasArchive(config, metadata == null ? "{}" : metadata, weights, assets);
  }

  /**
   * Inflates the rest of the current entry into {@code out} (null: drops it) and returns the bytes
   * counted; stops one buffer past {@code limit}, so the count, not the size in the entry's header,
   * decides and a zip bomb costs at most {@code limit} bytes of memory.
   */
  private static long copyAtMost(InputStream in, ByteArrayOutputStream out, long limit)
      throws IOException {
    byte[] buf = new byte[1 << 16];
    long n = 0;
    int r;
    while (n <= limit && (r = in.read(buf)) > 0) {
      n += r;
      if (out != null && n <= limit) {
        out.write(buf, 0, r);
      }
    }
    return n;
  }
}
