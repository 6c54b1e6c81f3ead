package dev.myelin.saving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

  private final String configJson;
  private final String metadataJson;
  private final WeightsFile weights;

  /** An archive of the three parts. */
  public KerasArchive(String configJson, String metadataJson, WeightsFile weights) {
    this.configJson = configJson;
    this.metadataJson = metadataJson;
    this.weights = weights;
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
    byte[] h5 = weights.toBytes();
    AtomicFile.write(
        file,
        tmp -> {
          try (OutputStream os = Files.newOutputStream(tmp);
              ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, "metadata.json", metadataJson.getBytes(StandardCharsets.UTF_8));
            stored(zip, "config.json", configJson.getBytes(StandardCharsets.UTF_8));
            stored(zip, "model.weights.h5", h5);
          }
        });
  }

  /** Writes this archive to {@code file} (atomically). */
  public void write(Path file) {
    write(file, configJson, metadataJson, weights);
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
    int entries = 0;
    try (InputStream is = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(is)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        entries++;
        byte[] data = readAll(zip);
        switch (e.getName()) {
          case "config.json":
            config = new String(data, StandardCharsets.UTF_8);
            break;
          case "metadata.json":
            metadata = new String(data, StandardCharsets.UTF_8);
            break;
          case "model.weights.h5":
            h5 = data;
            break;
          default:
            break;
        }
      }
    } catch (ZipException e) {
      throw new WeightsFormatException(
          file, "not a valid .keras zip archive (" + e.getMessage() + ")", e);
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
    return new KerasArchive(config, metadata == null ? "{}" : metadata, weights);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
