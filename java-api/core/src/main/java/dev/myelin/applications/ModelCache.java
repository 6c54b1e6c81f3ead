package dev.myelin.applications;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keras's published files (application weights, the ImageNet class index) downloaded once into
 * {@code ~/.myelin/models} and checked against Keras's MD5 hash; a cached copy is used as it is.
 * Nothing downloads unless a caller asks for {@code weights("imagenet")} or the cached class index.
 */
public final class ModelCache {
  private ModelCache() {}

  /** Where downloads are kept: {@code ~/.myelin/models}. */
  public static Path cacheDir() {
    return Path.of(System.getProperty("user.home"), ".myelin", "models");
  }

  /**
   * The cached copy of {@code url} (named by its last path segment), downloaded first when absent.
   *
   * @throws UncheckedIOException if the download fails or the file's MD5 is not {@code md5}
   */
  public static Path fetch(String url, String md5) {
    Path file = cacheDir().resolve(url.substring(url.lastIndexOf('/') + 1));
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
      try {
        HttpResponse<InputStream> r =
            HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = MessageDigest.getInstance("MD5");
        try (InputStream in = new DigestInputStream(r.body(), digest)) {
          if (r.statusCode() != 200) {
            throw new IOException(
                "download " + url + ": expected HTTP 200 but was " + r.statusCode());
          }
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        String got = HexFormat.of().formatHex(digest.digest());
        if (md5 != null && !md5.equals(got)) {
          throw new IOException("download " + url + ": expected MD5 " + md5 + " but was " + got);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("download " + url + " interrupted", e));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
