package dev.myelin.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one download routine of the library: digests, atomic replacement, HTTP status. */
class ModelCacheTest {
  // RFC 1321 / FIPS 180-2 test vectors for "abc"
  private static final String ABC_MD5 = "900150983cd24fb0d6963f7d28e17f72";
  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  private Path source(String text) throws IOException {
    Path src = dir.resolve("src.bin");
    Files.writeString(src, text, StandardCharsets.US_ASCII);
    return src;
  }

  private long partFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }

  @Test
  void aFileUrlIsCopiedWhenItsDigestMatches() throws IOException {
    String url = source("abc").toUri().toString();
    Path md5Dest = dir.resolve("out/a.bin");
    ModelCache.download(url, md5Dest, "MD5", ABC_MD5);
    assertEquals("abc", Files.readString(md5Dest));
    Path shaDest = dir.resolve("out/b.bin");
    ModelCache.download(url, shaDest, "SHA-256", ABC_SHA256.toUpperCase());
    assertEquals("abc", Files.readString(shaDest));
    assertEquals(0, partFiles(dir.resolve("out")));
  }

  @Test
  void aWrongDigestLeavesNoFileAndKeepsAnOldOne() throws IOException {
    String url = source("abd").toUri().toString();
    Path dest = dir.resolve("out/a.bin");
    IOException e =
        assertThrows(IOException.class, () -> ModelCache.download(url, dest, "MD5", ABC_MD5));
    assertTrue(e.getMessage().contains("expected MD5 " + ABC_MD5 + " but was "), e.getMessage());
    assertFalse(Files.exists(dest));
    Files.writeString(dest, "old");
    assertThrows(IOException.class, () -> ModelCache.download(url, dest, "SHA-256", ABC_SHA256));
    assertEquals("old", Files.readString(dest));
    assertEquals(0, partFiles(dir.resolve("out")));
  }

  @Test
  void anUnknownAlgorithmIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelCache.download("file:///x", dir.resolve("y"), "CRC7", null));
    assertEquals(
        "download: argument 'algorithm' expected MD5 or SHA-256 but was \"CRC7\"", e.getMessage());
  }

  @Test
  void httpDownloadsFollowTheStatus() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body = "abc".getBytes(StandardCharsets.US_ASCII);
    server.createContext(
        "/ok",
        x -> {
          x.sendResponseHeaders(200, body.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(body);
          }
        });
    server.createContext(
        "/missing",
        x -> {
          x.sendResponseHeaders(404, -1);
          x.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path dest = dir.resolve("h/ok.bin");
      ModelCache.download(base + "/ok", dest, "SHA-256", ABC_SHA256);
      assertArrayEquals(body, Files.readAllBytes(dest));
      Path missing = dir.resolve("h/missing.bin");
      IOException e =
          assertThrows(
              IOException.class,
              () -> ModelCache.download(base + "/missing", missing, "MD5", null));
      assertEquals("download " + base + "/missing: expected HTTP 200 but was 404", e.getMessage());
      assertFalse(Files.exists(missing));
      assertEquals(0, partFiles(dir.resolve("h")));
    } finally {
      server.stop(0);
    }
  }
}
