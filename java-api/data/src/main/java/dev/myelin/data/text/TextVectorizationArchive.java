package dev.myelin.data.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.layers.LayerNames;
import dev.myelin.saving.KerasArchive;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A {@link TextVectorization} in a Keras 3 {@code .keras} archive, laid out as Keras 3.15.1 saves
 * one: the layer's config in {@code config.json}, its vocabulary in the assets ({@code
 * vocabulary.txt}, written twice by Keras: for the layer and for its inner {@code _lookup_layer}),
 * and in tf-idf mode the weights as the variable {@code idf_weights} in {@code model.weights.h5}.
 *
 * <p>Reading takes the layer saved alone ({@code keras.saving.save_model(layer, path)}, assets at
 * {@code assets/}) or the first TextVectorization of a saved model (e.g. {@code
 * Sequential([Input((1,), dtype="string"), TextVectorization(...), ...])}, assets at {@code
 * assets/layers/text_vectorization/}); writing writes the layer alone, which {@code
 * keras.saving.load_model} returns as a layer.
 */
final class TextVectorizationArchive {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLASS = "TextVectorization";

  private TextVectorizationArchive() {}

  /** Reads the vectorizer of {@code file}. */
  static TextVectorization read(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      JsonNode root = JSON.readTree(entry(zip, file, "config.json"));
      String[] prefix = new String[1];
      JsonNode layer = find(root, "", prefix);
      if (layer == null) {
        throw new IllegalArgumentException(
            "TextVectorization.load: argument 'file' expected a .keras archive holding a"
                + " TextVectorization layer but "
                + file
                + " has none (top-level class "
                + root.path("class_name").asText("?")
                + ")");
      }
      Map<String, Object> config =
          JSON.convertValue(layer.get("config"), new TypeReference<Map<String, Object>>() {});
      TextVectorization tv = TextVectorization.fromConfig(config);
      float[] idf = null;
      if (tv.outputMode().equals("tf_idf") && config.get("vocabulary") == null) {
        idf = idfWeights(entry(zip, file, "model.weights.h5"), prefix[0], file);
      }
      Path tmp = Files.createTempDirectory("myelin-textvec");
      try {
        ZipEntry vocab = zip.getEntry("assets/" + prefix[0] + "vocabulary.txt");
        if (vocab != null) {
          Files.write(tmp.resolve("vocabulary.txt"), read(zip, vocab, file));
        } else if (config.get("vocabulary") == null) {
          throw new IllegalArgumentException(
              "TextVectorization.load: "
                  + file
                  + " has no vocabulary: expected entry assets/"
                  + prefix[0]
                  + "vocabulary.txt");
        }
        tv.loadAssets(tmp, idf);
      } finally {
        Files.deleteIfExists(tmp.resolve("vocabulary.txt"));
        Files.deleteIfExists(tmp);
      }
      return tv;
    } catch (IOException e) {
      throw new UncheckedIOException("TextVectorization.load: cannot read " + file, e);
    }
  }

  /**
   * The TextVectorization config node in a Keras config tree, depth first; {@code prefix[0]} gets
   * its object path inside the archive ("" for a layer saved alone, {@code layers/<key>/} inside a
   * model).
   */
  private static JsonNode find(JsonNode node, String path, String[] prefix) {
    if (CLASS.equals(node.path("class_name").asText())) {
      prefix[0] = path;
      return node;
    }
    // Keras's saving_lib keys a container's layers by snake-case class name, numbered from the
    // second of a class on (text_vectorization, text_vectorization_1, ...), not by layer name.
    Map<String, Integer> used = new HashMap<>();
    for (JsonNode l : node.path("config").path("layers")) {
      String key = LayerNames.snakeCase(l.path("class_name").asText());
      int k = used.merge(key, 1, Integer::sum);
      JsonNode hit = find(l, path + "layers/" + (k == 1 ? key : key + "_" + (k - 1)) + "/", prefix);
      if (hit != null) {
        return hit;
      }
    }
    return null;
  }

  private static float[] idfWeights(byte[] h5, String prefix, Path file) {
    try (HdfFile hdf = HdfFile.fromBytes(h5)) {
      Node n = hdf.getByPath(prefix + "vars/idf_weights");
      if (!(n instanceof Dataset d) || !(d.getData() instanceof float[] w)) {
        throw new IllegalArgumentException(
            "TextVectorization.load: "
                + file
                + ": expected a float32 dataset "
                + prefix
                + "vars/idf_weights in model.weights.h5 but was "
                + n);
      }
      return w;
    } catch (io.jhdf.exceptions.HdfInvalidPathException e) {
      throw new IllegalArgumentException(
          "TextVectorization.load: "
              + file
              + ": tf_idf mode but model.weights.h5 has no "
              + prefix
              + "vars/idf_weights",
          e);
    }
  }

  private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "TextVectorization.load: " + file + " is not a .keras archive: no entry " + name);
    }
    return read(zip, e, file);
  }

  private static byte[] read(ZipFile zip, ZipEntry e, Path file) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes((int) KerasArchive.MAX_JSON_ENTRY_BYTES + 1);
      if (b.length > KerasArchive.MAX_JSON_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "TextVectorization.load: " + file + ": entry " + e.getName() + " is too large");
      }
      return b;
    }
  }

  /** Writes {@code tv} alone as Keras's {@code keras.saving.save_model(layer, file)} does. */
  static void write(TextVectorization tv, Path file) {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("module", "keras.layers");
    layer.put("class_name", CLASS);
    layer.put("config", tv.getConfig());
    layer.put("registered_name", null);
    try {
      Path assets = Files.createTempDirectory("myelin-textvec");
      Path h5 = assets.resolve("model.weights.h5");
      try {
        tv.saveAssets(assets);
        writeWeights(tv, h5);
        Path vocab = assets.resolve("vocabulary.txt");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
            ZipOutputStream zip = new ZipOutputStream(os)) {
          put(zip, "metadata.json", KerasArchive.metadataNow().getBytes(StandardCharsets.UTF_8));
          put(zip, "config.json", JSON.writeValueAsBytes(layer));
          put(zip, "model.weights.h5", Files.readAllBytes(h5));
          if (Files.exists(vocab)) {
            byte[] v = Files.readAllBytes(vocab);
            put(zip, "assets/vocabulary.txt", v);
            put(zip, "assets/_lookup_layer/vocabulary.txt", v);
          }
        }
        Files.move(
            tmp,
            file,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(vocab);
      } finally {
        Files.deleteIfExists(h5);
        Files.deleteIfExists(assets);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("TextVectorization.save: cannot write " + file, e);
    }
  }

  /**
   * The weights file of a layer saved alone: the layer's and its lookup layer's {@code vars}
   * groups, holding {@code idf_weights} in tf-idf mode (Keras's lookup layer stores and reads that
   * variable by name, not by index as other layers' weights).
   */
  private static void writeWeights(TextVectorization tv, Path h5) {
    float[] idf = tv.outputMode().equals("tf_idf") ? tv.idfWeights() : null;
    try (WritableHdfFile hdf = HdfFile.write(h5)) {
      WritableGroup vars = hdf.putGroup("vars");
      vars.putAttribute("name", String.valueOf(tv.getConfig().get("name")));
      WritableGroup inner = hdf.putGroup("_lookup_layer").putGroup("vars");
      inner.putAttribute("name", "string_lookup");
      if (idf != null) {
        vars.putDataset("idf_weights", idf);
        inner.putDataset("idf_weights", idf);
      }
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }
}
