package dev.myelin.saving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Nested JSON arrays written by the Keras fixture scripts, to tensors and back. */
final class KerasArrays {
  private KerasArrays() {}

  /** The float32 tensor of a nested JSON array (its shape from the nesting). */
  static Tensor array(JsonNode a) {
    List<Long> shape = new ArrayList<>();
    for (JsonNode n = a; n.isArray(); n = n.get(0)) {
      shape.add((long) n.size());
    }
    List<Float> v = new ArrayList<>();
    collect(a, v);
    float[] f = new float[v.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = v.get(i);
    }
    return Tensor.fromArray(f, shape.stream().mapToLong(Long::longValue).toArray());
  }

  private static void collect(JsonNode a, List<Float> r) {
    if (a.isArray()) {
      for (JsonNode x : a) {
        collect(x, r);
      }
    } else {
      r.add((float) a.asDouble());
    }
  }

  /** The tensor as nested lists, for the JSON handed to a fixture's check. */
  static List<Object> nested(Tensor t) {
    return nest(t.toFloatArray(), t.shape(), 0, 0);
  }

  private static List<Object> nest(float[] f, long[] s, int axis, int offset) {
    List<Object> r = new ArrayList<>();
    int stride = 1;
    for (int i = axis + 1; i < s.length; i++) {
      stride *= (int) s[i];
    }
    for (int i = 0; i < s[axis]; i++) {
      r.add(
          axis == s.length - 1
              ? (Object) f[offset + i]
              : nest(f, s, axis + 1, offset + i * stride));
    }
    return r;
  }
}
