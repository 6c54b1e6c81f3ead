package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.models.PredictOptions;
import dev.myelin.models.Sequential;
import org.junit.jupiter.api.Test;

/** Keras 2's {@code predict_generator(iterator)}: {@code Model.predict} over an image iterator. */
class PredictIteratorTest {
  @Test
  void predictOverAnUnshuffledIteratorEqualsPredictOnTheArray() {
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(4);
      Tensor x = Tensor.randomUniform(new long[] {10, 4, 4, 1}, 0, 1, DType.FLOAT32);
      Tensor y = Tensor.zeros(10, 2);
      Sequential m = new Sequential();
      m.add(new Flatten().inputShape(4, 4, 1));
      m.add(new Dense(3).activation("softmax"));
      m.compile("sgd", "categorical_crossentropy");
      try (ArrayIterator it =
          new ImageDataGenerator().flow(x, y, new FlowOptions().batchSize(4).shuffle(false))) {
        Tensor p = m.predict(it);
        assertArrayEquals(new long[] {10, 3}, p.shape());
        assertArrayEquals(
            m.predict(x, new PredictOptions().batchSize(4)).toFloatArray(), p.toFloatArray());
        // The stream goes on where predict stopped: the next pass starts at sample 0 again.
        Tensor again = m.predict(it, new PredictOptions().steps(1));
        assertArrayEquals(
            m.predict(x, new PredictOptions().batchSize(4).steps(1)).toFloatArray(),
            again.toFloatArray());
      }
    }
  }
}
