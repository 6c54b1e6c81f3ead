package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails loudly, naming the file, line and column; compressed inputs round-trip. */
class BadInputTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void missingFileNamesThePath() {
    Path missing = dir.resolve("nope.csv");
    DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(missing));
    assertEquals(missing, e.file());
    assertTrue(
        e.getMessage().contains("nope.csv") && e.getMessage().contains("file not found"),
        e.getMessage());
    assertThrows(DataFileException.class, () -> Json.read(dir.resolve("nope.json")));
  }

  @Test
  void rowWithTooManyFieldsNamesItsLine() throws IOException {
    Path p = write("bad.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n");
    DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(p));
    assertEquals(4, e.line());
    assertTrue(
        e.getMessage().contains("line 4") && e.getMessage().contains("expected 3 fields"),
        e.getMessage());
  }

  @Test
  void rowWithTooFewFieldsAfterAQuotedLineBreakNamesItsLine() throws IOException {
    Path p = write("short.csv", "a,b\n\"x\ny\",1\n\n2\n");
    DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(p));
    assertEquals(5, e.line());
  }

  @Test
  void unclosedQuoteIsAnError() throws IOException {
    Path p = write("quote.csv", "a,b\n1,\"never closed\n2,3\n");
    DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(p));
    assertTrue(e.getMessage().contains("quote.csv"), e.getMessage());
  }

  @Test
  void nonNumericValueInANumericColumnNamesLineAndColumn() throws IOException {
    Path p = write("num.csv", "x,y\n1,2.5\n2,abc\n");
    DataFileException e =
        assertThrows(
            DataFileException.class, () -> Csv.options().dtype("y", DType.FLOAT64).load(p));
    assertEquals(3, e.line());
    assertEquals("y", e.column());
    assertTrue(
        e.getMessage().contains("line 3, column 'y': expected a number, got 'abc'"),
        e.getMessage());
    DataFrame loose = Csv.read(p);
    assertEquals(DType.OBJECT, loose.get("y").dtype());
    IllegalArgumentException m =
        assertThrows(IllegalArgumentException.class, () -> loose.toDoubleMatrix("x", "y"));
    assertTrue(
        m.getMessage().contains("column 'y'")
            && m.getMessage().contains("row 1")
            && m.getMessage().contains("'abc'"),
        m.getMessage());
  }

  @Test
  void badDateNamesLineAndColumn() throws IOException {
    Path p = write("dates.csv", "when,v\n2016/12/31,1\n01-May-03,2\nsoon,3\n");
    DataFileException e =
        assertThrows(DataFileException.class, () -> Csv.options().parseDates("when").load(p));
    assertEquals(4, e.line());
    assertEquals("when", e.column());
  }

  @Test
  void unknownColumnListsTheAvailableOnes() throws IOException {
    DataFrame df = Csv.read(write("ok.csv", "Age,Name\n1,a\n"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> df.get("age"));
    assertEquals("column 'age' not found; available columns: [Age, Name]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> df.select("Age", "Nope"));
    assertThrows(IllegalArgumentException.class, () -> df.query("Nope > 3"));
    DataFileException d =
        assertThrows(
            DataFileException.class,
            () -> Csv.options().parseDates("When").load(dir.resolve("ok.csv")));
    assertEquals("When", d.column());
  }

  @Test
  void malformedJsonNamesItsLine() throws IOException {
    Path p = write("bad.json", "[{\"a\": 1},\n{\"a\": }]\n");
    DataFileException e = assertThrows(DataFileException.class, () -> Json.read(p));
    assertEquals(2, e.line());
  }

  @Test
  void invalidUtf8IsAnError() throws IOException {
    Path p = dir.resolve("latin.csv");
    Files.write(p, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    DataFileException e = assertThrows(DataFileException.class, () -> Csv.read(p));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void gzipZipAndTsvInputsAndMissingMarkers() throws IOException {
    String text = "name\tscore\tok\n\"Smith, J\"\t1,200\tTrue\nDoe\tNA\tFalse\n";
    Path gz = dir.resolve("t.tsv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path zip = dir.resolve("t.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("t.tsv"));
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : new Path[] {gz, zip}) {
      DataFrame df = Csv.options().sep('\t').thousands(',').load(p);
      assertEquals("Smith, J", df.get("name").get(0));
      assertEquals(DType.FLOAT64, df.get("score").dtype());
      assertEquals(1200.0, df.get("score").getDouble(0), 0);
      assertTrue(df.get("score").isNull(1));
      assertEquals(DType.BOOL, df.get("ok").dtype());
    }
  }

  @Test
  void csvRoundTripKeepsValues() throws IOException {
    DataFrame df =
        DataFrame.of(Series.of("message", "Hi, there", "Ok lar..."), Series.of("spam", 0, 1));
    Path p = dir.resolve("out.csv");
    df.toCsv(p);
    DataFrame back = Csv.read(p);
    assertEquals(df.toRows(), back.toRows());
    assertEquals("message,spam\n\"Hi, there\",0\nOk lar...,1\n", Files.readString(p));
  }
}
