package dev.myelin.optimizers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tests/fixtures/keras_training_math.json (written by the real Keras 3 through
 * tests/fixtures/generate_keras_training_math.py) and repeats the generator's input formulas.
 */
public final class KerasFixtures {
  private static final Path FILE = Path.of("../../tests/fixtures/keras_training_math.json");
  private static final Pattern ENTRY = Pattern.compile("\"(\\w+)\": \\[([^\\]]*)\\]");

  private KerasFixtures() {}

  /** The arrays of one top-level section ({@code optimizers}, {@code losses}, {@code metrics}). */
  public static Map<String, double[]> section(String name) {
    String text;
    try {
      text = Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = text.indexOf("\"" + name + "\": {");
    int end = text.indexOf("}", start);
    Matcher m = ENTRY.matcher(text.substring(start, end));
    Map<String, double[]> out = new LinkedHashMap<>();
    while (m.find()) {
      String[] parts = m.group(2).trim().split("\\s*,\\s*");
      double[] v = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        v[i] = Double.parseDouble(parts[i].trim());
      }
      out.put(m.group(1), v);
    }
    return out;
  }

  /** Python's {@code (i * k) % 1.0} for i >= 0. */
  public static double frac(int i, double k) {
    return (i * k) % 1.0;
  }
}
