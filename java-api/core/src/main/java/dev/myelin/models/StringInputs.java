package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNames;
import dev.myelin.layers.Node;
import dev.myelin.layers.StringLayer;
import dev.myelin.saving.WeightArray;
import dev.myelin.saving.WeightsFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * How a model with a string input runs: its {@link StringLayer}s turn the texts into tensors in
 * Java, then the rest of its graph (the "tensor part", a model from the string layers' outputs to
 * the model's outputs over the same layers and weights) runs as any model does. Also carries the
 * string layers' asset files in and out of {@code .keras} archives.
 */
final class StringInputs {
  /** A model's string layers, in the order of its tensor part's inputs, and that part. */
  private record Split(List<StringLayer> front, Model tensorPart) {}

  private static final Map<Model, Split> SPLITS = Collections.synchronizedMap(new WeakHashMap<>());

  private StringInputs() {}

  /** Every output of {@code m} for {@code texts}, one sample per text. */
  static Tensor[] predictAll(Model m, List<String> texts, PredictOptions o, String op) {
    Split split = split(m, op, texts);
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = new Tensor[split.front().size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = split.front().get(i).callStrings(texts);
      }
      Tensor[] r = split.tensorPart().predictAll(xs, o);
      for (Tensor t : r) {
        scope.keep(t);
      }
      return r;
    }
  }

  /**
   * {@code x} as a list of texts when it holds texts (a {@code String[]}, or a list whose first
   * element is a string), else null; null elements are refused later, naming their index.
   */
  static List<String> texts(Object x) {
    if (x instanceof String[] a) {
      return java.util.Arrays.asList(a);
    }
    if (x instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String) {
      List<String> r = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        Object e = l.get(i);
        if (e != null && !(e instanceof String)) {
          throw new IllegalArgumentException(
              "argument 'x' expected texts but element " + i + " was a " + e.getClass().getName());
        }
        r.add((String) e);
      }
      return r;
    }
    return null;
  }

  /**
   * The inputs of {@code m}'s tensor part for {@code texts}: each string layer's output, new
   * tensors in the caller's scope. The texts are vectorized once per call, the memory the
   * vectorized tensor would take if the caller had made it (a TextVectorization's int ids or
   * multi-hot rows); the layers have no trainable state, so vectorizing per batch would give the
   * same numbers at the cost of redoing it every epoch.
   */
  static Tensor[] tensors(Model m, List<String> texts, String op) {
    Split split = split(m, op, texts);
    Tensor[] xs = new Tensor[split.front().size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = split.front().get(i).callStrings(texts);
    }
    return xs;
  }

  /**
   * Keras's {@code fit(texts, y)} on a model with a string input: the tensor part trains with
   * {@code m}'s compile settings (optimizer state, metrics, traced steps) on the vectorized texts,
   * and callbacks see {@code m} (a checkpoint saves the whole model, vectorizer included).
   */
  static History fit(Model m, List<String> texts, Tensor y, FitOptions o, String op) {
    m.trainFunction(); // Keras's "compile first" message before anything else
    Tensor[] xs = tensors(m, texts, op);
    return TrainingLoop.fit(trainingPart(m), xs, new Tensor[] {y}, o);
  }

  /** Keras's {@code evaluate(texts, y)} on a model with a string input (see {@link #fit}). */
  static double[] evaluate(Model m, List<String> texts, Tensor y, EvaluateOptions o, String op) {
    m.trainFunction();
    Tensor[] xs = tensors(m, texts, op);
    return TrainingLoop.evaluate(trainingPart(m), xs, new Tensor[] {y}, o);
  }

  /** The tensor part of {@code m} (split by {@link #tensors}), training with m's settings. */
  private static Model trainingPart(Model m) {
    Model part = SPLITS.get(m).tensorPart();
    part.trainFor(m);
    return part;
  }

  /** One training ({@code train}) or test step on a batch of texts (see {@link #fit}). */
  static double[] onBatch(Model m, List<String> texts, Tensor y, boolean train, String op) {
    m.trainFunction();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = tensors(m, texts, op);
      if (xs.length != 1) {
        throw new IllegalArgumentException(
            op
                + ": a batch of texts feeds one string layer, but the model has "
                + xs.length
                + "; use fit/evaluate");
      }
      Model part = trainingPart(m);
      return train
          ? TrainingLoop.trainOnBatch(part, xs[0], y)
          : TrainingLoop.testOnBatch(part, xs[0], y);
    }
  }

  /** The model's split at its string layers, made once per model. */
  private static Split split(Model m, String op, List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException(
          op + ": argument 'x' expected a list of texts but was null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException(
            op + ": argument 'x' expected texts but element " + i + " was null");
      }
    }
    Split s = SPLITS.get(m);
    // a Sequential that grew since the last call needs a new split
    if (s == null || !s.tensorPart().outputs().equals(m.outputs())) {
      s = LayerNames.withoutDrawing(() -> makeSplit(m, op, texts.size()));
      SPLITS.put(m, s);
    }
    return s;
  }

  private static Split makeSplit(Model m, String op, int count) {
    KerasTensor in = m.hasGraph() && m.inputs().size() == 1 ? m.inputs().get(0) : null;
    if (in == null || !(in.layer() instanceof InputLayer il && il.isStrings())) {
      List<String> shapes = new ArrayList<>();
      if (m.hasGraph()) {
        for (KerasTensor t : m.inputs()) {
          shapes.add(KerasTensor.formatShape(t.shape()) + (isStrings(t) ? " string" : " float32"));
        }
      }
      throw new IllegalArgumentException(
          op
              + ": argument 'x' expected tensors for the model's inputs "
              + (shapes.isEmpty() ? "(not built yet)" : shapes.toString())
              + " but was "
              + count
              + " strings (only a model whose one input is a string input, such as a Sequential"
              + " starting with TextVectorization, predicts on texts)");
    }
    List<StringLayer> front = new ArrayList<>();
    List<KerasTensor> partInputs = new ArrayList<>();
    for (Node n : m.nodes()) {
      if (!n.inputs().contains(in)) {
        continue;
      }
      if (!(n.layer() instanceof StringLayer sl) || n.inputs().size() != 1) {
        throw new IllegalArgumentException(
            op
                + ": layer \""
                + n.layer().name()
                + "\" ("
                + n.layer().className()
                + ") takes the model's string input but is not a string layer (TextVectorization)");
      }
      front.add(sl);
      partInputs.add(n.outputs().get(0));
    }
    Model part = new Model(partInputs, m.outputs());
    part.name(m.name());
    return new Split(List.copyOf(front), part);
  }

  private static boolean isStrings(KerasTensor t) {
    return t.layer() instanceof InputLayer il && il.isStrings();
  }

  // ---- assets in .keras archives ----

  /**
   * The string layers of {@code m} (nested models included) by their folder in a {@code .keras}
   * archive ({@code layers/text_vectorization}, {@code layers/sequential/layers/...}), the paths
   * Keras's {@code saving_lib} gives them.
   */
  static Map<String, StringLayer> byPath(Model m) {
    Map<String, StringLayer> r = new LinkedHashMap<>();
    collect(m, "", r);
    return r;
  }

  private static void collect(Model m, String base, Map<String, StringLayer> r) {
    if (m.subclassed()) {
      return;
    }
    List<String> paths = ModelSaving.kerasPaths(m);
    List<Layer> ls = m.layers();
    for (int i = 0; i < ls.size(); i++) {
      String full = base + "layers/" + paths.get(i);
      if (ls.get(i) instanceof StringLayer s) {
        r.putIfAbsent(full, s);
      } else if (ls.get(i) instanceof Model inner) {
        collect(inner, full + "/", r);
      }
    }
  }

  /** The archive entries ({@code assets/<path>/<file>}) of every string layer of {@code m}. */
  static Map<String, byte[]> assets(Model m) {
    Map<String, byte[]> r = new LinkedHashMap<>();
    for (Map.Entry<String, StringLayer> e : byPath(m).entrySet()) {
      for (Map.Entry<String, byte[]> f : e.getValue().assetFiles().entrySet()) {
        r.put("assets/" + e.getKey() + "/" + f.getKey(), f.getValue());
      }
    }
    return r;
  }

  /**
   * Adds each string layer's named arrays ({@link StringLayer#namedVariables}) to the weights file
   * of {@code m}, under the layer's folder ({@code layers/text_vectorization/vars/idf_weights}).
   */
  static void addNamedVariables(Model m, WeightsFile w) {
    for (Map.Entry<String, StringLayer> e : byPath(m).entrySet()) {
      for (Map.Entry<String, float[]> v : e.getValue().namedVariables().entrySet()) {
        String path = e.getKey() + "/" + v.getKey();
        float[] a = v.getValue();
        w.putNamed(
            path,
            WeightArray.of(path.substring(path.lastIndexOf('/') + 1), new long[] {a.length}, a));
      }
    }
  }

  /**
   * Hands each string layer of {@code m} the archive's entries under its asset folder and the
   * weights file's named arrays under its folder ({@code named}: by full path, as {@link
   * WeightsFile#named()}).
   */
  static void loadAssets(
      Model m, Map<String, byte[]> archiveAssets, Map<String, WeightArray> named) {
    for (Map.Entry<String, StringLayer> e : byPath(m).entrySet()) {
      String prefix = "assets/" + e.getKey() + "/";
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> a : archiveAssets.entrySet()) {
        if (a.getKey().startsWith(prefix)) {
          files.put(a.getKey().substring(prefix.length()), a.getValue());
        }
      }
      String folder = e.getKey() + "/";
      Map<String, float[]> vars = new LinkedHashMap<>();
      for (Map.Entry<String, WeightArray> a : named.entrySet()) {
        if (a.getKey().startsWith(folder)) {
          vars.put(a.getKey().substring(folder.length()), a.getValue().floats());
        }
      }
      try {
        e.getValue().loadAssetFiles(files, vars);
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            "assets of layer \""
                + e.getValue().name()
                + "\" under "
                + prefix
                + ": "
                + ex.getMessage(),
            ex);
      }
    }
  }
}
