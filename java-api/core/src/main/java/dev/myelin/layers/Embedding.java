package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.RandomUniform;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns positive integer indices into dense vectors of a fixed size: {@code output[..., :] =
 * embeddings[input[...]]}, as Keras's {@code Embedding(input_dim, output_dim)}. The table has shape
 * {@code (input_dim, output_dim)} and starts uniform in [-0.05, 0.05) unless given {@link
 * #weights(Tensor)}; an index outside {@code [0, input_dim)} is an {@link
 * IndexOutOfBoundsException} naming it. Float inputs are truncated to int32, as Keras casts them.
 *
 * <p>Input: {@code (batch, ...)} integer indices; output: {@code (batch, ..., output_dim)}.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Embedding(10000, 8).inputLength(20));   // (None, 20, 8)
 * model.add(new Flatten());
 * model.add(new Dense(1).activation("sigmoid"));
 * }</pre>
 */
public class Embedding extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Embedding.class,
        "Embedding",
        List.of(),
        List.of(
            "embeddings_initializer",
            "embeddings_regularizer",
            "activity_regularizer",
            "embeddings_constraint",
            "mask_zero",
            "input_length"),
        (c, custom) -> fromConfig(c, custom));
  }

  private final long inputDim;
  private final long outputDim;
  private Initializer embeddingsInitializer;
  private Regularizer embeddingsRegularizer;
  private Constraint embeddingsConstraint;
  private Regularizer activityRegularizerValue;
  private boolean maskZero;
  private long inputLength = -1;
  private Tensor initialWeights;
  private Variable embeddings;

  /** A table of {@code inputDim} rows (the vocabulary size) of {@code outputDim} values each. */
  public Embedding(long inputDim, long outputDim) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException(
          "Embedding: argument 'input_dim' expected a positive integer but was " + inputDim);
    }
    if (outputDim <= 0) {
      throw new IllegalArgumentException(
          "Embedding: argument 'output_dim' expected a positive integer but was " + outputDim);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  /** The vocabulary size (Keras's {@code input_dim}). */
  public long inputDimension() {
    return inputDim;
  }

  /** The vector size (Keras's {@code output_dim}). */
  public long outputDim() {
    return outputDim;
  }

  /** Sets the table's initializer by Keras name (default "uniform", U(-0.05, 0.05)). */
  public Embedding embeddingsInitializer(String name) {
    this.embeddingsInitializer = Initializer.get(name);
    return this;
  }

  /** Sets the table's initializer. */
  public Embedding embeddingsInitializer(Initializer init) {
    this.embeddingsInitializer = init;
    return this;
  }

  /** Adds a penalty on the table to the loss. */
  public Embedding embeddingsRegularizer(Regularizer r) {
    this.embeddingsRegularizer = r;
    return this;
  }

  /** Constrains the table after each update. */
  public Embedding embeddingsConstraint(Constraint c) {
    this.embeddingsConstraint = c;
    return this;
  }

  /**
   * Whether index 0 is padding (Keras's {@code mask_zero}); then {@code input_dim} must leave room
   * for it. Saved in the config; see docs/recurrent.md for how masks reach later layers.
   */
  public Embedding maskZero(boolean on) {
    this.maskZero = on;
    return this;
  }

  /** Whether index 0 is padding. */
  public boolean maskZero() {
    return maskZero;
  }

  /**
   * The length of input sequences (Keras 2's {@code input_length}): declares the input shape {@code
   * (input_length,)}, so a following Flatten knows its size.
   */
  public Embedding inputLength(long length) {
    if (length <= 0) {
      throw new IllegalArgumentException(
          "Embedding: argument 'input_length' expected a positive integer but was " + length);
    }
    this.inputLength = length;
    super.inputShape(length);
    return this;
  }

  /**
   * Starts the table from {@code matrix} (Keras's {@code weights=[matrix]}, e.g. pretrained
   * vectors) instead of the initializer; its shape must be {@code (input_dim, output_dim)}.
   */
  public Embedding weights(Tensor matrix) {
    if (matrix == null || !Arrays.equals(matrix.shape(), new long[] {inputDim, outputDim})) {
      throw new IllegalArgumentException(
          "Embedding: argument 'weights' expected a matrix of shape ("
              + inputDim
              + ", "
              + outputDim
              + ") but was "
              + (matrix == null ? "null" : Arrays.toString(matrix.shape())));
    }
    this.initialWeights = matrix.cast(DType.FLOAT32).detach();
    return this;
  }

  @Override
  public Embedding activityRegularizer(Regularizer r) {
    super.activityRegularizer(r);
    this.activityRegularizerValue = r;
    return this;
  }

  @Override
  public Embedding inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Embedding name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Embedding trainable(boolean on) {
    super.trainable(on);
    return this;
  }

  /** The table variable (after build). */
  public Variable embeddings() {
    return embeddings;
  }

  private Initializer initializer() {
    return embeddingsInitializer != null ? embeddingsInitializer : new RandomUniform();
  }

  @Override
  public void build(long[] inputShape) {
    Initializer init = initializer();
    if (initialWeights != null) {
      Tensor m = initialWeights;
      init =
          new Initializer() {
            @Override
            public Tensor apply(long[] shape, DType dtype) {
              return m.cast(dtype);
            }

            @Override
            public String name() {
              return "weights";
            }
          };
    }
    embeddings =
        addWeight(
            "embeddings",
            new long[] {inputDim, outputDim},
            init,
            embeddingsRegularizer,
            embeddingsConstraint,
            true);
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    if (inputShapes.length != 1 || inputShapes[0].length < 1) {
      throw shapeMismatch(new long[][] {{-1, -1}}, inputShapes);
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long[] out = Arrays.copyOf(s, s.length + 1);
    out[s.length] = outputDim;
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    Tensor idx = x.dtype() == DType.INT32 || x.dtype() == DType.INT64 ? x : x.cast(DType.INT32);
    try {
      return Tensor.embedding(embeddings.value(), idx);
    } catch (IndexOutOfBoundsException e) {
      throw new IndexOutOfBoundsException(
          "Layer \"" + name() + "\" (Embedding): " + e.getMessage());
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    c.put("embeddings_initializer", Configs.serialize(initializer()));
    c.put("embeddings_regularizer", Configs.serialize(embeddingsRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("embeddings_constraint", Configs.serialize(embeddingsConstraint));
    c.put("mask_zero", maskZero);
    if (inputLength > 0 && LayerNames.keras2Names()) {
      c.put("input_length", inputLength);
    }
    return c;
  }

  /** A new Embedding from its Keras config, the inverse of {@link #getConfig()}. */
  public static Embedding fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    Embedding e =
        new Embedding(
            ((Number) Configs.require(c, "input_dim", "Embedding")).longValue(),
            ((Number) Configs.require(c, "output_dim", "Embedding")).longValue());
    Object init = c.get("embeddings_initializer");
    if (init != null) {
      e.embeddingsInitializer(Configs.initializer(init, customObjects));
    }
    e.embeddingsRegularizer(Configs.regularizer(c.get("embeddings_regularizer"), customObjects));
    e.embeddingsConstraint(Configs.constraint(c.get("embeddings_constraint"), customObjects));
    if (c.get("activity_regularizer") != null) {
      e.activityRegularizer(Configs.regularizer(c.get("activity_regularizer"), customObjects));
    }
    e.maskZero(Configs.bool(c, "mask_zero", false));
    Object len = c.get("input_length");
    if (len instanceof Number && ((Number) len).longValue() > 0) {
      e.inputLength(((Number) len).longValue());
    }
    return e;
  }

  /** An Embedding makes a mask ({@code mask_zero}) and never passes one on. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /**
   * With {@code mask_zero}, true where the index is not 0 (Keras's {@code compute_mask}), else
   * none.
   */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    return maskZero ? inputs[0].ne(0) : null;
  }
}
