package dev.myelin.applications;

import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.GlobalMaxPooling2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.saving.WeightArray;
import dev.myelin.saving.WeightsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What every application shares: Keras's input-shape rules ({@code obtain_input_shape}), the
 * pooling or classifier on top, and loading a Keras {@code .h5} weights file strictly (every layer
 * by name, every shape checked) so that a file for another architecture fails loudly instead of
 * loading part of the model.
 */
final class Application {
  private Application() {}

  /** The published weight files of one application, Keras's URLs and MD5 hashes. */
  record PublishedWeights(String top, String topMd5, String noTop, String noTopMd5) {}

  /** The symbolic input for {@code o}, checked as Keras's {@code obtain_input_shape} checks it. */
  static KerasTensor input(String app, ApplicationOptions o, int defaultSize, int minSize) {
    long[] shape = o.inputShape();
    boolean imagenet = "imagenet".equals(o.weights());
    long[] fixed = {defaultSize, defaultSize, 3};
    if (shape == null) {
      shape = fixed;
    } else if (imagenet && o.includeTop() && !Arrays.equals(shape, fixed)) {
      throw new IllegalArgumentException(
          app
              + ": argument 'inputShape' expected "
              + Arrays.toString(fixed)
              + " with includeTop and imagenet weights but was "
              + Arrays.toString(shape));
    } else if (imagenet && shape[2] != 3) {
      throw new IllegalArgumentException(
          app + ": argument 'inputShape' expected 3 channels but was " + Arrays.toString(shape));
    } else if (shape[0] < minSize || shape[1] < minSize) {
      throw new IllegalArgumentException(
          app
              + ": argument 'inputShape' expected at least "
              + minSize
              + "x"
              + minSize
              + " but was "
              + Arrays.toString(shape));
    }
    if (imagenet && o.includeTop() && o.classes() != 1000) {
      throw new IllegalArgumentException(
          app
              + ": argument 'classes' expected 1000 with includeTop and imagenet weights but was "
              + o.classes());
    }
    return Input.of(shape);
  }

  /** The classifier Dense named {@code predictions}, as Keras builds it. */
  static KerasTensor predictions(String app, ApplicationOptions o, KerasTensor x) {
    String act = o.classifierActivation();
    if ("imagenet".equals(o.weights()) && act != null && !act.equals("softmax")) {
      throw new IllegalArgumentException(
          app
              + ": argument 'classifierActivation' expected \"softmax\" or null with imagenet"
              + " weights but was \""
              + act
              + "\"");
    }
    return new Dense(o.classes())
        .activation(act == null ? "linear" : act)
        .name("predictions")
        .apply(x);
  }

  /**
   * Global pooling without the top; {@code avgName}/{@code maxName} are Keras's names for the
   * family (null where Keras leaves the layer unnamed).
   */
  static KerasTensor pooling(ApplicationOptions o, KerasTensor x, String avgName, String maxName) {
    if ("avg".equals(o.pooling())) {
      Layer l = new GlobalAveragePooling2D();
      return (avgName == null ? l : l.name(avgName)).apply(x);
    }
    if ("max".equals(o.pooling())) {
      Layer l = new GlobalMaxPooling2D();
      return (maxName == null ? l : l.name(maxName)).apply(x);
    }
    return x;
  }

  /** The model named {@code name} with the weights {@code o} asks for. */
  static Model finish(
      String app,
      String name,
      ApplicationOptions o,
      KerasTensor in,
      KerasTensor out,
      PublishedWeights published) {
    Model m = new Model(in, out);
    m.name(name);
    String w = o.weights();
    if (w == null) {
      return m;
    }
    Path file =
        w.equals("imagenet")
            ? ModelCache.fetch(
                o.includeTop() ? published.top() : published.noTop(),
                o.includeTop() ? published.topMd5() : published.noTopMd5())
            : Path.of(w);
    loadStrict(app, m, file);
    return m;
  }

  /**
   * Loads a Keras {@code .h5} weights file into {@code m} as Keras's {@code load_weights} loads the
   * published files ({@code legacy_h5_format.load_weights_from_hdf5_group}): the file's layers with
   * weights, in {@code layer_names} order, go to the model's layers with weights, in order (the
   * published files name some layers {@code conv2d_1} where a fresh model says {@code conv2d}), and
   * the counts and every shape must agree.
   */
  static void loadStrict(String app, Model m, Path file) {
    WeightsFile f = WeightsFile.read(file);
    List<String> fileLayers = new ArrayList<>();
    for (Map.Entry<String, List<WeightArray>> e : f.layers().entrySet()) {
      boolean layerEntry = !e.getKey().equals(WeightsFile.OPTIMIZER) && !e.getKey().contains("/");
      if (layerEntry && !e.getValue().isEmpty()) {
        fileLayers.add(e.getKey());
      }
    }
    List<Layer> modelLayers = new ArrayList<>();
    for (Layer l : m.layers()) {
      if (!l.weights().isEmpty()) {
        modelLayers.add(l);
      }
    }
    if (fileLayers.size() != modelLayers.size()) {
      throw new IllegalArgumentException(
          app
              + ".loadWeights: file "
              + file
              + " expected "
              + modelLayers.size()
              + " layers with weights but was "
              + fileLayers.size()
              + " (a weights file for another architecture?)");
    }
    for (int i = 0; i < modelLayers.size(); i++) {
      Layer l = modelLayers.get(i);
      List<Variable> vs = l.weights();
      List<WeightArray> as = f.layer(fileLayers.get(i));
      if (as.size() != vs.size()) {
        throw new IllegalArgumentException(
            app
                + ".loadWeights: layer '"
                + l.name()
                + "' expected "
                + vs.size()
                + " weights but file layer '"
                + fileLayers.get(i)
                + "' has "
                + as.size()
                + " in "
                + file);
      }
      for (int k = 0; k < vs.size(); k++) {
        if (!Arrays.equals(vs.get(k).shape(), as.get(k).shape())) {
          throw new IllegalArgumentException(
              app
                  + ".loadWeights: layer '"
                  + l.name()
                  + "' weight "
                  + k
                  + " expected shape "
                  + Arrays.toString(vs.get(k).shape())
                  + " but was "
                  + Arrays.toString(as.get(k).shape())
                  + " (file layer '"
                  + fileLayers.get(i)
                  + "' of "
                  + file
                  + ")");
        }
      }
    }
    for (int i = 0; i < modelLayers.size(); i++) {
      List<Variable> vs = modelLayers.get(i).weights();
      List<WeightArray> as = f.layer(fileLayers.get(i));
      try (TensorScope scope = new TensorScope()) {
        for (int k = 0; k < vs.size(); k++) {
          vs.get(k).assign(as.get(k).toTensor());
        }
      }
    }
  }
}
