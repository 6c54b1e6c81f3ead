package dev.myelin.applications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ImageNet input preprocessing and prediction decoding, as Keras's {@code
 * keras.applications.imagenet_utils}. Unlike Keras, whose {@code preprocess_input} alters a float
 * numpy array in place (the book copies it first, {@code preprocess_input(np.copy(x))}), {@link
 * #preprocessInput} never changes its argument: it returns a new float32 tensor.
 */
public final class ImageNet {
  /** Where Keras downloads the class index from, and its MD5. */
  static final String CLASS_INDEX_URL =
      "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json";

  static final String CLASS_INDEX_MD5 = "c2c37ea517e94d9795004a39431a14cb";
  private static final float[] CAFFE_MEAN = {103.939f, 116.779f, 123.68f};
  private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

  private ImageNet() {}

  /** Keras's preprocessing modes. */
  public enum Mode {
    /** RGB to BGR, then the ImageNet channel means subtracted, no scaling (VGG, ResNet50). */
    CAFFE,
    /** {@code x / 127.5 - 1}, to [-1, 1] (Xception, InceptionV3, MobileNetV2). */
    TF,
    /** {@code x / 255}, then each channel standardised by ImageNet's mean and std. */
    TORCH
  }

  /**
   * Keras's {@code imagenet_utils.preprocess_input(x, mode=...)} for channels-last images (any
   * rank, last axis of 3 channels for caffe and torch); float32 arithmetic in Keras's order, so the
   * result equals numpy's bit for bit. Returns a new tensor; {@code x} is left as it was.
   */
  public static Tensor preprocessInput(Tensor x, Mode mode) {
    long[] shape = x.shape();
    float[] v = x.toFloatArray();
    if (mode == Mode.TF) {
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] / 127.5f - 1f;
      }
      return Tensor.of(v).reshape(shape);
    }
    long c = shape.length == 0 ? 0 : shape[shape.length - 1];
    if (c != 3) {
      throw new IllegalArgumentException(
          "preprocessInput: argument 'x' expected a last (channels) axis of 3 but was "
              + Arrays.toString(shape));
    }
    for (int i = 0; i < v.length; i += 3) {
      if (mode == Mode.CAFFE) {
        float r = v[i];
        v[i] = v[i + 2] - CAFFE_MEAN[0];
        v[i + 1] = v[i + 1] - CAFFE_MEAN[1];
        v[i + 2] = r - CAFFE_MEAN[2];
      } else {
        for (int k = 0; k < 3; k++) {
          v[i + k] = (v[i + k] / 255f - TORCH_MEAN[k]) / TORCH_STD[k];
        }
      }
    }
    return Tensor.of(v).reshape(shape);
  }

  /**
   * Keras's {@code decode_predictions(preds, top)}: for each row of a (samples, 1000) score tensor,
   * the {@code top} classes by score, highest first, named by the class index JSON at {@code
   * classIndex} (Keras's {@code imagenet_class_index.json}).
   */
  public static List<List<Prediction>> decodePredictions(Tensor preds, int top, Path classIndex) {
    long[] s = preds.shape();
    if (s.length != 2 || s[1] != 1000) {
      throw new IllegalArgumentException(
          "decodePredictions: argument 'preds' expected shape (samples, 1000) but was "
              + Arrays.toString(s));
    }
    if (top < 1 || top > 1000) {
      throw new IllegalArgumentException(
          "decodePredictions: argument 'top' expected 1..1000 but was " + top);
    }
    String[][] names = classNames(classIndex);
    float[] p = preds.toFloatArray();
    List<List<Prediction>> out = new ArrayList<>();
    for (int r = 0; r < s[0]; r++) {
      int base = r * 1000;
      Integer[] idx = new Integer[1000];
      for (int i = 0; i < 1000; i++) {
        idx[i] = i;
      }
      // ties: the higher index first (what a stable argsort()[-top:][::-1] gives; numpy's default
      // sort is not stable, so Keras's order on exact ties is unspecified)
      Arrays.sort(
          idx,
          Comparator.<Integer>comparingDouble(i -> -p[base + i])
              .thenComparing(Comparator.<Integer>reverseOrder()));
      List<Prediction> row = new ArrayList<>();
      for (int k = 0; k < top; k++) {
        int i = idx[k];
        row.add(new Prediction(names[i][0], names[i][1], p[base + i]));
      }
      out.add(row);
    }
    return out;
  }

  /**
   * {@link #decodePredictions(Tensor, int, Path)} with Keras's class index from the cache,
   * downloaded once into {@code ~/.myelin/models} when absent.
   */
  public static List<List<Prediction>> decodePredictions(Tensor preds, int top) {
    return decodePredictions(preds, top, ModelCache.fetch(CLASS_INDEX_URL, CLASS_INDEX_MD5));
  }

  private static String[][] classNames(Path classIndex) {
    JsonNode j;
    try {
      j = new ObjectMapper().readTree(classIndex.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("decodePredictions: cannot read class index " + classIndex, e));
    }
    String[][] names = new String[1000][];
    for (int i = 0; i < 1000; i++) {
      JsonNode e = j.get(Integer.toString(i));
      if (e == null || e.size() != 2) {
        throw new IllegalArgumentException(
            "decodePredictions: class index "
                + classIndex
                + " expected an entry \""
                + i
                + "\": [wnid, label] but was "
                + e);
      }
      names[i] = new String[] {e.get(0).asText(), e.get(1).asText()};
    }
    return names;
  }
}
