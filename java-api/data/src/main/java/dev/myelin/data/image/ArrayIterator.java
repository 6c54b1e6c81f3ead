package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import java.util.Arrays;

/**
 * Keras 2.2's {@code NumpyArrayIterator} ({@link ImageDataGenerator#flow}): augmented batches of
 * images held in memory, with their targets' rows alongside.
 *
 * <p>With the generator's {@code validationSplit}, {@code subset("validation")} takes the first
 * {@code int(n * split)} samples and {@code "training"} the rest, as Keras.
 */
public final class ArrayIterator extends ImageIterator {
  private final float[] x;
  private final int[] shape;
  private final Tensor y;
  private final ImageDataGenerator generator;

  ArrayIterator(Tensor images, Tensor targets, ImageDataGenerator generator, FlowOptions o) {
    this(split(images, targets, generator, o), generator, o);
  }

  private record Parts(float[] x, int[] shape, Tensor y) {}

  private ArrayIterator(Parts p, ImageDataGenerator generator, FlowOptions o) {
    super(p.shape[0], o.batchSize, o.shuffle, o.seed);
    this.x = p.x;
    this.shape = new int[] {p.shape[1], p.shape[2], p.shape[3]};
    this.y = p.y;
    this.generator = generator;
  }

  private static Parts split(Tensor x, Tensor y, ImageDataGenerator g, FlowOptions o) {
    check(x != null, "x", "a rank-4 image tensor (n, height, width, channels)", "null");
    check(
        x.rank() == 4,
        "x",
        "a rank-4 image tensor (n, height, width, channels)",
        "shape " + Arrays.toString(x.shape()));
    long n = x.dim(0);
    if (y != null) {
      check(
          y.rank() >= 1 && y.dim(0) == n,
          "y",
          n + " rows (one per image)",
          "shape " + Arrays.toString(y.shape()));
    }
    int start = 0;
    int stop = (int) n;
    if (o.subset != null) {
      int cut = (int) (n * g.validationSplit());
      check(
          g.validationSplit() > 0,
          "subset",
          "a generator with validationSplit set",
          "validationSplit 0");
      if (o.subset.equals("validation")) {
        stop = cut;
      } else {
        start = cut;
      }
    }
    int[] shape = {stop - start, (int) x.dim(1), (int) x.dim(2), (int) x.dim(3)};
    check(shape[0] > 0, "subset", "at least one sample in " + o.subset, "none of " + n);
    float[] all = (x.dtype() == DType.FLOAT32 ? x : x.cast(DType.FLOAT32)).toFloatArray();
    int size = shape[1] * shape[2] * shape[3];
    float[] part = Arrays.copyOfRange(all, start * size, stop * size);
    Tensor rows = null;
    if (y != null) {
      long[] idx = new long[stop - start];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = start + i;
      }
      rows = y.take(Tensor.fromArray(idx, idx.length), 0).detach();
    }
    return new Parts(part, shape, rows);
  }

  @Override
  protected int[] imageShape() {
    return shape.clone();
  }

  @Override
  protected void load(int index, RandomState rng, float[] out, int offset) {
    int size = shape[0] * shape[1] * shape[2];
    float[] img = Arrays.copyOfRange(x, index * size, (index + 1) * size);
    generator.augmentInto(img, shape[0], shape[1], shape[2], rng, out, offset);
  }

  @Override
  protected Tensor targets(int[] indices, Tensor batch) {
    if (y == null) {
      return null;
    }
    long[] idx = new long[indices.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = indices[i];
    }
    return y.take(Tensor.fromArray(idx, idx.length), 0);
  }
}
