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
      download(url, file, "MD5", md5);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Downloads {@code url} ({@code http}, {@code https} or {@code file}) to {@code dest} through a
   * temporary file beside it, checking its {@code algorithm} digest ({@code "MD5"}, {@code
   * "SHA-256"}) when {@code expectedHex} is given (case-insensitive); {@code dest} appears, or is
   * replaced, only when everything succeeded, so an interrupted or corrupt download never leaves a
   * file a later call would trust. Every download of the library (application weights, data sets)
   * goes through here.
   *
   * @param url the source
   * @param dest the file to create
   * @param algorithm the digest algorithm of {@code expectedHex}
   * @param expectedHex the expected hex digest, or null to skip the check
   * @throws IOException if the transfer fails (naming the URL and the HTTP status) or the digest
   *     differs (naming both digests)
   */
  public static void download(String url, Path dest, String algorithm, String expectedHex)
      throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(
          "download: argument 'algorithm' expected MD5 or SHA-256 but was \"" + algorithm + "\"",
          e);
    }
    Path dir = dest.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, dest.getFileName().toString(), ".part");
    try {
      try (InputStream in = new DigestInputStream(open(url), digest)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      String got = HexFormat.of().formatHex(digest.digest());
      if (expectedHex != null && !expectedHex.equalsIgnoreCase(got)) {
        throw new IOException(
            "download " + url + ": expected " + algorithm + " " + expectedHex + " but was " + got);
      }
      Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The body of {@code url}: a local file for {@code file:}, else an HTTP GET answered 200. */
  private static InputStream open(String url) throws IOException {
    URI uri = URI.create(url);
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return Files.newInputStream(Path.of(uri));
    }
    HttpResponse<InputStream> r;
    try {
      r =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download " + url + " interrupted", e);
    }
    if (r.statusCode() != 200) {
      r.body().close();
      throw new IOException("download " + url + ": expected HTTP 200 but was " + r.statusCode());
    }
    return r.body();
  }
}
