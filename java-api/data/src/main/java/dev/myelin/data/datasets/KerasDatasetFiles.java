package dev.myelin.data.datasets;

import dev.myelin.applications.ModelCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keras's dataset cache ({@code ~/.keras/datasets}, or {@code $KERAS_HOME/datasets}): a file is
 * used from there when present; {@link #fetch} downloads it from Keras's canonical URL and checks
 * its hash first. Nothing downloads unless {@code fetch} is called.
 */
public final class KerasDatasetFiles {
  /** The folder Keras downloads its data sets from. */
  public static final String ORIGIN =
      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

  private KerasDatasetFiles() {}

  /** The cache folder: {@code $KERAS_HOME/datasets}, else {@code ~/.keras/datasets}. */
  public static Path cacheDir() {
    String home = System.getenv("KERAS_HOME");
    return home != null && !home.isEmpty()
        ? Path.of(home, "datasets")
        : Path.of(System.getProperty("user.home"), ".keras", "datasets");
  }

  /** The cached file {@code name}; fails naming the path and how to fetch it when absent. */
  public static Path cached(String name, String fetchHint) {
    Path p = cacheDir().resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "Keras dataset file "
              + p
              + " is missing: pass a local path, or call "
              + fetchHint
              + " to download it from "
              + ORIGIN
              + name);
    }
    return p;
  }

  /**
   * Downloads {@code ORIGIN + name} into the cache unless a file with the expected hash is there
   * ({@code hash}: hex SHA-256, or MD5 when 32 digits long, as Keras's {@code file_hash}).
   */
  public static Path fetch(String name, String hash) {
    Path target = cacheDir().resolve(name);
    try {
      if (Files.isRegularFile(target) && digest(target, hash).equalsIgnoreCase(hash)) {
        return target;
      }
      ModelCache.download(ORIGIN + name, target, hash.length() == 32 ? "MD5" : "SHA-256", hash);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download " + ORIGIN + name, e);
    }
  }

  /** The hex digest of {@code file}: MD5 for a 32-digit {@code like}, SHA-256 otherwise. */
  static String digest(Path file, String like) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance(like.length() == 32 ? "MD5" : "SHA-256");
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 and SHA-256 are required of every JVM", e);
    }
  }
}
