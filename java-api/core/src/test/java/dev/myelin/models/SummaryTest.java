package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.layers.Activation;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @AfterEach
  void reset() {
    Models.useKeras2Conventions(false);
  }

  @Test
  void booksFirstModelInKeras22Layout() {
    Models.useKeras2Conventions(true);
    Sequential model = new Sequential();
    model.add(new Dense(4).activation("tanh").inputShape(2));
    model.add(new Dense(1).activation("sigmoid"));
    String expected =
        "_________________________________________________________________\n"
            + "Layer (type)                 Output Shape              Param #   \n"
            + "=================================================================\n"
            + "dense_1 (Dense)              (None, 4)                 12        \n"
            + "_________________________________________________________________\n"
            + "dense_2 (Dense)              (None, 1)                 5         \n"
            + "=================================================================\n"
            + "Total params: 17\n"
            + "Trainable params: 17\n"
            + "Non-trainable params: 0\n"
            + "_________________________________________________________________\n";
    assertEquals(expected, model.summaryString());
  }

  @Test
  void keras3NamesWithModelHeaderAndThousandsSeparators() {
    Models.clearSession();
    Sequential model = new Sequential();
    model.add(new Dense(512).activation("relu").inputDim(784));
    model.add(new Dense(256).activation("relu"));
    model.add(new Activation("relu"));
    model.layers().get(1).trainable(false);
    String expected =
        "Model: \"sequential\"\n"
            + "_________________________________________________________________\n"
            + "Layer (type)                 Output Shape              Param #   \n"
            + "=================================================================\n"
            + "dense (Dense)                (None, 512)               401920    \n"
            + "_________________________________________________________________\n"
            + "dense_1 (Dense)              (None, 256)               131328    \n"
            + "_________________________________________________________________\n"
            + "activation (Activation)      (None, 256)               0         \n"
            + "=================================================================\n"
            + "Total params: 533,248\n"
            + "Trainable params: 401,920\n"
            + "Non-trainable params: 131,328\n"
            + "_________________________________________________________________\n";
    assertEquals(expected, model.summaryString());
  }

  @Test
  void functionalModelWithTwoInputsShowsConnections() {
    Models.useKeras2Conventions(true);
    KerasTensor a = Input.of(3);
    KerasTensor b = Input.of(4);
    KerasTensor c = new Concatenate().apply(a, b);
    KerasTensor out = new Dense(1).apply(c);
    Model m = new Model(java.util.List.of(a, b), java.util.List.of(out));
    String s = m.summaryString();
    String[] lines = s.split("\n");
    assertEquals("_".repeat(98), lines[0]);
    assertEquals(
        "Layer (type)                    Output Shape         Param #     Connected to                     ",
        lines[1]);
    assertEquals(
        "input_1 (InputLayer)            (None, 3)            0                                            ",
        lines[3]);
    assertEquals(
        "concatenate_1 (Concatenate)     (None, 7)            0           input_1[0][0]                    ",
        lines[7]);
    assertEquals(
        "                                                                 input_2[0][0]                    ",
        lines[8]);
    assertEquals("Total params: 8", lines[12]);
  }
}
