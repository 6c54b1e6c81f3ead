package dev.myelin.applications;

import java.util.Arrays;

/**
 * The arguments Keras's application constructors share ({@code include_top}, {@code weights},
 * {@code input_shape}, {@code pooling}, {@code classes}, {@code classifier_activation}), with
 * Keras's defaults: the full ImageNet classifier, random weights.
 *
 * <pre>{@code
 * Model base = VGG16.create(new ApplicationOptions().includeTop(false).inputShape(150, 150, 3)
 *     .pooling("avg").weights("imagenet"));
 * }</pre>
 */
public final class ApplicationOptions {
  private boolean includeTop = true;
  private String weights;
  private long[] inputShape;
  private String pooling;
  private int classes = 1000;
  private String classifierActivation = "softmax";

  /** Keras's defaults: {@code include_top=True, weights=None, classes=1000, softmax}. */
  public ApplicationOptions() {}

  /** Whether the classifier on top (Keras's {@code include_top}) is built; default true. */
  public ApplicationOptions includeTop(boolean on) {
    includeTop = on;
    return this;
  }

  /**
   * {@code null} (random weights, the default), {@code "imagenet"} (Keras's published weights,
   * downloaded once into {@code ~/.myelin/models}) or the path of a Keras {@code .h5} weights file.
   */
  public ApplicationOptions weights(String w) {
    weights = w;
    return this;
  }

  /** The image shape (height, width, channels), batch axis excluded; default the family's size. */
  public ApplicationOptions inputShape(long... shape) {
    if (shape == null || shape.length != 3) {
      throw new IllegalArgumentException(
          "ApplicationOptions: argument 'inputShape' expected three integers (height, width,"
              + " channels) but was "
              + Arrays.toString(shape));
    }
    inputShape = shape.clone();
    return this;
  }

  /** Without the top: {@code null} (4-D output), {@code "avg"} or {@code "max"} global pooling. */
  public ApplicationOptions pooling(String p) {
    if (p != null && !p.equals("avg") && !p.equals("max")) {
      throw new IllegalArgumentException(
          "ApplicationOptions: argument 'pooling' expected null, \"avg\" or \"max\" but was \""
              + p
              + "\"");
    }
    pooling = p;
    return this;
  }

  /** The number of classes of the top classifier; default 1000. */
  public ApplicationOptions classes(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "ApplicationOptions: argument 'classes' expected >= 1 but was " + n);
    }
    classes = n;
    return this;
  }

  /** The activation of the top classifier ({@code "softmax"} by default, or null for logits). */
  public ApplicationOptions classifierActivation(String a) {
    classifierActivation = a;
    return this;
  }

  /** Whether the top is built. */
  public boolean includeTop() {
    return includeTop;
  }

  /** The weights argument (null, "imagenet" or a path). */
  public String weights() {
    return weights;
  }

  /** The input shape, or null for the family's default. */
  public long[] inputShape() {
    return inputShape == null ? null : inputShape.clone();
  }

  /** The pooling without the top (null, "avg" or "max"). */
  public String pooling() {
    return pooling;
  }

  /** The number of classes. */
  public int classes() {
    return classes;
  }

  /** The classifier's activation, or null. */
  public String classifierActivation() {
    return classifierActivation;
  }
}
