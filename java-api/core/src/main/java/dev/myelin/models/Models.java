package dev.myelin.models;

import dev.myelin.layers.LayerNames;
import dev.myelin.metrics.MetricNames;
import dev.myelin.saving.KerasArchive;
import dev.myelin.saving.WeightsFile;
import dev.myelin.saving.WeightsFormatException;
import dev.myelin.saving.internal.Configs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Session-wide Keras settings ({@link #clearSession()}, Keras's {@code K.clear_session()}, and the
 * one switch to the book's Keras 2.2 behaviour) and loading whole models: {@link #loadModel} and
 * {@link #modelFromJson}.
 *
 * <pre>{@code
 * Model model = Models.loadModel(Path.of("model.keras"));   // or a Keras 2 "model.h5"
 * Model arch = Models.modelFromJson(model.toJson());
 * }</pre>
 */
public final class Models {
  private Models() {}

  /** Resets the automatic layer and model name counters, as {@code K.clear_session()} does. */
  public static void clearSession() {
    LayerNames.reset();
  }

  /**
   * Switches to Keras 2.2 conventions (the book's): layer names {@code dense_1, dense_2}, metric
   * names {@code acc / val_acc}, {@code summary()} without the {@code Model: "..."} header and
   * {@code Epoch 00006: early stopping}. Off (Keras 3) by default. Also resets the name counters.
   */
  public static void useKeras2Conventions(boolean on) {
    LayerNames.useKeras2Names(on);
    MetricNames.useKeras2Names(on);
    LayerNames.reset();
  }

  /** Whether the Keras 2.2 conventions are on. */
  public static boolean keras2Conventions() {
    return LayerNames.keras2Names();
  }

  /**
   * Loads a whole model saved by {@link Model#save} or by Python Keras: a Keras 3 {@code .keras}
   * archive, or a legacy {@code .h5} file with a {@code model_config} attribute (Keras 2, or Keras
   * 3's {@code save("m.h5")}). The architecture, the weights and, when the file has them, the
   * compile settings are restored, with the optimizer's state (iterations, learning rate, slots
   * such as Adam's m and v) when the file holds it in Keras 3's layout, so training resumes where
   * it stopped (a Keras 2 file's optimizer weights are not restored). A file saved by Keras 2
   * switches the session to Keras 2.2 conventions ({@link #useKeras2Conventions}, e.g. metric
   * {@code acc}), the behaviour it was saved with. The file type is recognized from its content; a
   * corrupt or unsupported file throws a {@link WeightsFormatException} naming the file and the
   * problem.
   */
  public static Model loadModel(Path file) {
    return loadModel(file, null);
  }

  /**
   * {@link #loadModel(Path)} with Keras's {@code custom_objects}: {@code customObjects} maps a
   * class name (or {@code package>ClassName}) to the {@code Function<Map<String, Object>, ?>} that
   * builds that layer, loss or initializer from its config (or a Lambda's function name to its
   * {@code UnaryOperator<Tensor>}); they are looked up before the {@link
   * dev.myelin.saving.Registry}, for this load only. May be null.
   */
  public static Model loadModel(Path file, Map<String, ?> customObjects) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Models.loadModel: argument 'file' expected an existing .keras or .h5 file but was "
              + file
              + (file == null ? "" : " (no such file)"));
    }
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
      KerasArchive a = KerasArchive.read(file);
      checkVersion(file, "metadata.json", kerasVersion(a.metadataJson(), file), true);
      Map<String, Object> top = parseConfig(a.configJson(), file, "config.json");
      Model m = build(top, file, customObjects);
      try {
        loadAssets(m, a, file);
        loadWeights(m, a.weights(), file);
        Object cc = top.get("compile_config");
        // Keras writes an uncompiled model's compile_config as null or {}
        if (cc instanceof Map<?, ?> ccm && !ccm.isEmpty()) {
          compile(m, Configs.map(cc, "compile_config"), file, customObjects);
          if (a.weights().layers().containsKey(WeightsFile.OPTIMIZER)) {
            m.restoreOptimizerState(a.weights().layer(WeightsFile.OPTIMIZER), file, true);
          }
        }
        return m;
      } catch (RuntimeException | OutOfMemoryError e) {
        release(m);
        throw e;
      }
    }
    if (n == 8 && head[0] == (byte) 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
      WeightsFile w = WeightsFile.read(file);
      String config = w.attributes().get("model_config");
      if (config == null) {
        throw new WeightsFormatException(
            file,
            "HDF5 file has no model_config attribute: it holds weights only"
                + " (build the model and call loadWeights)");
      }
      checkVersion(file, "keras_version attribute", w.attributes().get("keras_version"), false);
      boolean keras2 = isKeras2(w.attributes().get("keras_version"));
      if (keras2) {
        useKeras2Conventions(true);
      }
      Model m = build(parseConfig(config, file, "model_config"), file, customObjects);
      try {
        loadWeights(m, w, file);
        String training = w.attributes().get("training_config");
        if (training != null) {
          compile(m, parseConfig(training, file, "training_config"), file, customObjects);
          // Keras 2 ordered and named optimizer weights differently in each version (2.2's
          // training/Adam/Variable_3:0, tf.keras's m and v slot lists), so only Keras 3's state,
          // in optimizer.variables order, is restored; a Keras 2 optimizer starts fresh.
          if (!keras2 && !w.optimizerWeights().isEmpty()) {
            m.restoreOptimizerState(w.optimizerWeights(), file, true);
          }
        }
        return m;
      } catch (RuntimeException | OutOfMemoryError e) {
        release(m);
        throw e;
      }
    }
    throw new WeightsFormatException(
        file, "neither a .keras zip archive nor an HDF5 .h5 file (unrecognized first bytes)");
  }

  /**
   * A new model (fresh weights, not compiled) from the JSON of {@link Model#toJson} or Keras's
   * {@code model.to_json()} (Keras 3, or Keras 2's {@code {"class_name": "Sequential", "config":
   * [...]}}), as Keras's {@code model_from_json}. Invalid JSON or an unknown layer throws an {@link
   * IllegalArgumentException} saying what is wrong. JSON from Keras 2 (a top-level {@code
   * keras_version} 2.x) switches the session to Keras 2.2 conventions, as {@link #loadModel} does.
   */
  public static Model modelFromJson(String json) {
    return modelFromJson(json, null);
  }

  /**
   * {@link #modelFromJson(String)} with Keras's {@code custom_objects} (see {@link #loadModel(Path,
   * Map)}), looked up before the registry for this call only; may be null.
   */
  public static Model modelFromJson(String json, Map<String, ?> customObjects) {
    if (json == null) {
      throw new IllegalArgumentException(
          "Models.modelFromJson: argument 'json' expected a model config but was null");
    }
    Object parsed = Configs.parse(json);
    if (isKeras2(Configs.map(parsed, "model config").get("keras_version"))) {
      useKeras2Conventions(true);
    }
    return KerasConfig.deserialize(parsed, customObjects);
  }

  private static String kerasVersion(String metadataJson, Path file) {
    try {
      Object v = Configs.map(Configs.parse(metadataJson), "metadata.json").get("keras_version");
      return v == null ? null : v.toString();
    } catch (IllegalArgumentException e) {
      throw new WeightsFormatException(
          file, "metadata.json is not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Rejects files of a format generation Myelin does not read: a {@code .keras} archive from a
   * Keras before 2.13 (the zip format came with 2.13) or after 3.x, an {@code .h5} from Keras 1 or
   * after 3.x; a file without a version is read as the newest.
   */
  private static void checkVersion(Path file, String where, String version, boolean archive) {
    if (version == null || version.isBlank()) {
      return;
    }
    int major;
    int minor;
    try {
      String[] p = version.trim().split("[.]");
      major = Integer.parseInt(p[0]);
      minor = p.length > 1 ? Integer.parseInt(p[1].replaceAll("\\D.*", "")) : 0;
    } catch (NumberFormatException e) {
      throw new WeightsFormatException(
          file, where + " has keras_version \"" + version + "\", which is not a version number");
    }
    boolean ok = archive ? (major == 3 || (major == 2 && minor >= 13)) : (major == 2 || major == 3);
    if (!ok) {
      throw new WeightsFormatException(
          file,
          "unsupported format version: "
              + where
              + " says keras_version "
              + version
              + "; Myelin reads "
              + (archive
                  ? ".keras archives of Keras 2.13 to 3.x"
                  : ".h5 files of Keras 2.x and 3.x"));
    }
  }

  private static boolean isKeras2(Object version) {
    return version instanceof String v && (v.startsWith("2.") || v.startsWith("1."));
  }

  private static Map<String, Object> parseConfig(String json, Path file, String part) {
    try {
      return Configs.map(Configs.parse(json), part);
    } catch (IllegalArgumentException e) {
      throw new WeightsFormatException(
          file, part + " is not a valid model config: " + e.getMessage(), e);
    }
  }

  private static Model build(Map<String, Object> config, Path file, Map<String, ?> custom) {
    try {
      return KerasConfig.deserialize(config, custom);
    } catch (WeightsFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // any failure to build from the file's config is the file's fault: one exception type
      throw new WeightsFormatException(file, "unsupported model config: " + e.getMessage(), e);
    }
  }

  /** Loads the file's weights into {@code m}; a weight that does not fit names file and layer. */
  private static void loadWeights(Model m, WeightsFile w, Path file) {
    try {
      m.loadWeights(w, file);
    } catch (IllegalArgumentException e) {
      throw new WeightsFormatException(file, "weights do not fit the model: " + e.getMessage(), e);
    }
  }

  /** Gives the string layers (TextVectorization) their vocabularies from the archive. */
  private static void loadAssets(Model m, KerasArchive a, Path file) {
    try {
      StringInputs.loadAssets(m, a.assets(), a.weights().named());
    } catch (IllegalArgumentException e) {
      throw new WeightsFormatException(file, e.getMessage(), e);
    }
  }

  /** Frees the weights of a model whose load failed half-way. */
  private static void release(Model m) {
    KerasConfig.release(m.layers());
  }

  private static void compile(Model m, Map<String, Object> cc, Path file, Map<String, ?> custom) {
    try {
      KerasConfig.compile(m, cc, custom);
    } catch (WeightsFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WeightsFormatException(file, "unsupported compile config: " + e.getMessage(), e);
    }
  }
}
