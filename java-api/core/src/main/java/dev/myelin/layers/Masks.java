package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keras's masks ({@code backend.get_keras_mask} / {@code set_keras_mask}): a boolean tensor of
 * shape (batch, timesteps) attached to a layer's output, true where a time step holds data. A layer
 * that makes one ({@code Embedding(maskZero(true))}, {@link Masking}) attaches it to its output;
 * each later layer receives the masks of its inputs ({@link Layer#callAll(Tensor[], Tensor[],
 * boolean)}) and passes a mask on to its first output when it supports masking ({@link
 * Layer#supportsMasking()}, {@link Layer#computeMask}), else drops it, as Keras 3 does. The
 * compiled loss and metrics weight the steps of a masked output as Keras does.
 *
 * <p>As in Keras (which keeps masks in a weak table for tensors that cannot hold attributes), a
 * mask is looked up by the identity of the tensor it belongs to, so it flows through {@code
 * Sequential} and functional graphs without changing them, and a tensor that is gone takes its
 * entry with it.
 *
 * <pre>{@code
 * Tensor e = new Embedding(10, 4).maskZero(true).apply(ids);  // ids (2, 5) with 0 as padding
 * Tensor mask = Masks.of(e);                                  // (2, 5) bool: ids != 0
 * }</pre>
 */
public final class Masks {
  private static final Map<Tensor, Tensor> MASKS = Collections.synchronizedMap(new WeakHashMap<>());

  private Masks() {}

  /** The mask attached to {@code t} (bool, (batch, timesteps)), or null. */
  public static Tensor of(Tensor t) {
    return t == null ? null : MASKS.get(t);
  }

  /** Attaches {@code mask} to {@code t} (null removes it); returns {@code t}. */
  public static Tensor attach(Tensor t, Tensor mask) {
    if (t == null) {
      throw new IllegalArgumentException(
          "Masks.attach: argument 't' expected a tensor but was null");
    }
    if (mask == null) {
      MASKS.remove(t);
    } else {
      MASKS.put(t, mask);
    }
    return t;
  }

  /**
   * The mask as 0/1 values of {@code dtype} (what the native kernels and the loss weights read), or
   * null for none.
   */
  public static Tensor asFloat(Tensor mask, DType dtype) {
    return mask == null ? null : mask.dtype() == dtype ? mask : mask.cast(dtype);
  }

  /**
   * One eager call of {@code layer} with masks, as Keras's {@code Layer.__call__} does it: the
   * masks of the inputs go to the layer's call, and the mask the layer computes is attached to its
   * first output unless that output carries one already.
   */
  static Tensor[] call(Layer layer, Tensor[] inputs, boolean training) {
    Tensor[] masks = new Tensor[inputs.length];
    boolean any = false;
    for (int i = 0; i < inputs.length; i++) {
      masks[i] = of(inputs[i]);
      any |= masks[i] != null;
    }
    Tensor[] outs = any ? layer.callAll(inputs, masks, training) : layer.callAll(inputs, training);
    if (outs.length > 0 && of(outs[0]) == null) {
      Tensor m = layer.computeMask(inputs, masks);
      if (m != null) {
        attach(outs[0], m);
      }
    }
    return outs;
  }
}
