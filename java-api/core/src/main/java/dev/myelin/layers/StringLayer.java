package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A layer whose input is text: a batch of Java strings, one per sample (Keras's string tensor of
 * shape {@code (batch, 1)}, e.g. {@code TextVectorization}). Myelin tensors hold no strings, so a
 * model runs its string layers on the strings before its tensor graph: {@code
 * model.predict(List.of("a fine film", ...))}. A string layer sits right after a string input
 * ({@link InputLayer#strings()}, Keras's {@code Input(shape=(1,), dtype="string")}) or first in a
 * {@code Sequential}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(vectorizer, new Embedding(2000, 16), new GlobalAveragePooling1D(), new Dense(1));
 * Tensor p = model.predict(List.of("what a great movie", "dull"));
 * }</pre>
 */
public abstract class StringLayer extends Layer {
  /** A string layer named automatically after its class. */
  protected StringLayer() {}

  /** The layer's output for a batch of texts, one row per text. */
  public abstract Tensor callStrings(List<String> texts);

  /**
   * The files this layer keeps under its folder of a {@code .keras} archive's {@code assets/}
   * (relative name to bytes), as Keras's {@code save_assets} writes them; empty by default.
   */
  public Map<String, byte[]> assetFiles() {
    return Map.of();
  }

  /**
   * Reads back what {@link #assetFiles()} wrote ({@code files} holds the entries found under the
   * layer's asset folder, by relative name); does nothing by default.
   */
  public void loadAssetFiles(Map<String, byte[]> files) {}

  /**
   * Arrays this layer keeps in the model's weights file by name rather than by index (Keras's
   * {@code save_own_variables} writing {@code store["idf_weights"]}), keyed by their path under the
   * layer's folder ({@code vars/idf_weights}); none by default.
   */
  public Map<String, float[]> namedVariables() {
    return Map.of();
  }

  /**
   * Reads back the archive's asset files and the named arrays found under the layer's folder of the
   * weights file (see {@link #namedVariables()}); by default the asset files only.
   */
  public void loadAssetFiles(Map<String, byte[]> files, Map<String, float[]> namedVariables) {
    loadAssetFiles(files);
  }

  /** A string layer takes one text per sample: its input shape is {@code (1,)} unless declared. */
  @Override
  public long[] declaredInputShape() {
    long[] d = super.declaredInputShape();
    return d == null ? new long[] {1} : d;
  }

  /** Refuses tensors: a string layer runs on strings (see {@link #callStrings}). */
  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    throw new IllegalArgumentException(
        className()
            + " \""
            + name()
            + "\": argument 'inputs' expected strings (a model with a string input predicts"
            + " with predict(List<String>) or predict(String[])) but was a "
            + inputs[0].dtype().numpyName()
            + " tensor of shape "
            + KerasTensor.formatShape(inputs[0].shape()));
  }

  /** Records a call on a string input; any other symbolic input is refused naming its layer. */
  @Override
  public List<KerasTensor> applyAll(KerasTensor... inputs) {
    if (inputs != null) {
      for (KerasTensor t : inputs) {
        if (!(t.layer() instanceof InputLayer il && il.isStrings())) {
          throw new IllegalArgumentException(
              className()
                  + " \""
                  + name()
                  + "\": argument 'inputs' expected a string input (InputLayer.strings(), Keras's"
                  + " Input(shape=(1,), dtype=\"string\")) but was a tensor of shape "
                  + KerasTensor.formatShape(t.shape())
                  + " from layer \""
                  + t.layer().name()
                  + "\"");
        }
      }
    }
    return super.applyAll(inputs);
  }
}
