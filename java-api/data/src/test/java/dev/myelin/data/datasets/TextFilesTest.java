package dev.myelin.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.data.PythonScripts;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * load_files and extractall on the book's sms.zip against scikit-learn 1.9.1 (committed fixture).
 */
class TextFilesTest {
  @Test
  void smsFolderLoadsAsScikitLearn() throws Exception {
    JsonNode exp;
    try (InputStream in = TextFilesTest.class.getResourceAsStream("/fixtures/sklearn_text.json")) {
      exp = new ObjectMapper().readTree(in).get("sms_load_files");
    }
    Path dir = Files.createTempDirectory("sms");
    TextFiles.extractAll(PythonScripts.data("book/sms.zip"), dir);
    TextFiles.Loaded sms = TextFiles.loadFiles(dir.resolve("sms"));
    assertEquals(5572, sms.data().size());
    assertEquals(List.of("ham", "spam"), sms.targetNames());
    assertEquals(747, Arrays.stream(sms.target()).sum());
    assertArrayEquals(PythonScripts.ints(exp.get("target")), sms.target());
    for (int i = 0; i < 50; i++) {
      assertEquals(
          exp.get("filenames").get(i).asText(), dir.relativize(sms.filenames().get(i)).toString());
      assertEquals(exp.get("data").get(i).asText(), sms.data().get(i));
    }
    int ok = sms.filenames().indexOf(dir.resolve("sms/ham/msg_001.txt"));
    assertEquals("Ok lar... Joking wif u oni...", sms.data().get(ok).strip());
    TextFiles.Loaded ordered =
        TextFiles.loadFiles(dir.resolve("sms"), false, 0, StandardCharsets.UTF_8, true);
    assertEquals(dir.resolve("sms/ham/msg_000.txt"), ordered.filenames().get(0));
  }

  @Test
  void badFilesAndEscapingZipsAreRefused() throws Exception {
    Path dir = Files.createTempDirectory("bad");
    Files.createDirectories(dir.resolve("c/a"));
    Files.write(dir.resolve("c/a/x.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TextFiles.loadFiles(dir.resolve("c")));
    assertTrue(e.getMessage().contains("x.txt"), e.getMessage());
    assertEquals(
        "a",
        TextFiles.loadFiles(dir.resolve("c"), true, 0, StandardCharsets.UTF_8, false)
            .data()
            .get(0));
    Path zip = dir.resolve("evil.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("../escape.txt"));
      z.write('x');
      z.closeEntry();
    }
    IllegalArgumentException slip =
        assertThrows(
            IllegalArgumentException.class, () -> TextFiles.extractAll(zip, dir.resolve("out")));
    assertTrue(slip.getMessage().contains("../escape.txt"), slip.getMessage());
    assertTrue(!Files.exists(dir.resolve("escape.txt")));
  }
}
