package dev.myelin.bench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.models.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workloads described as Keras layer lists: shapes, FLOPs, the JSON the peers read, Myelin's model.
 */
class WorkloadTest {
  @Test
  void denseWorkloadsKeepTheirEarlierJsonFigures() {
    Map<String, Object> mlp = Workloads.mlp().toMap();
    assertEquals(List.of(784, 512, 256, 10), mlp.get("units"));
    assertEquals(List.of("relu", "relu", "softmax"), mlp.get("activations"));
    assertEquals(List.of(784), mlp.get("input_shape"));
    assertEquals(
        Map.of("class_name", "Dense", "config", Map.of("units", 512, "activation", "relu")),
        ((List<?>) mlp.get("layers")).get(0));
    // 3 x 2 x (784*512 + 512*256 + 256*10), as before layer lists
    assertEquals(3210240L, mlp.get("train_flops_per_sample"));
    // 3 x 2 x (2*4 + 4*1)
    assertEquals(72L, Workloads.tiny().toMap().get("train_flops_per_sample"));
    assertEquals(List.of(2, 4, 1), Workloads.tiny().toMap().get("units"));
    assertEquals(mlp.get("layers"), Workloads.predict().toMap().get("layers"));
  }

  @Test
  void cnnCountsTheConvolutionsFlopsPerOutputPixel() {
    Workload cnn = Workloads.cnn();
    // conv 2*3*3*1*32 * 26*26 = 389,376; Dense 2*5408*128 = 1,384,448; Dense 2*128*10 = 2,560
    assertEquals(1776384L, cnn.forwardFlopsPerSample());
    Map<String, Object> m = cnn.toMap();
    assertEquals(5329152L, m.get("train_flops_per_sample"));
    assertEquals(List.of(28, 28, 1), m.get("input_shape"));
    assertEquals(
        List.of("Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"),
        cnn.layers().stream().map(LayerSpec::className).toList());
    assertEquals(List.of(3, 3), cnn.layers().get(0).config().get("kernel_size"));
    assertFalse(m.containsKey("units"), "units describe dense stacks only: " + m);
    assertNull(cnn.denseUnits());
    assertEquals(128, m.get("batch_size"));
    assertEquals("sparse_categorical_crossentropy", m.get("loss"));
    assertEquals("mnist", m.get("data"));
  }

  @Test
  void recurrentWorkloadsCountTheGateProductsOfEveryStep() {
    Workload lstm = Workloads.lstm();
    Workload gru = Workloads.gru();
    // per step 2 x gates x units x (features + units): LSTM 2*4*64*128 * 80 = 5,242,880, GRU
    // 2*3*64*128 * 80 = 3,932,160; Dense(1) 2*64; the embedding lookup counts 0
    assertEquals(5242880L + 128L, lstm.forwardFlopsPerSample());
    assertEquals(3932160L + 128L, gru.forwardFlopsPerSample());
    Map<String, Object> m = lstm.toMap();
    assertEquals(List.of(80), m.get("input_shape"));
    assertEquals("sequences", m.get("data"));
    assertEquals("binary_crossentropy", m.get("loss"));
    assertEquals(128, m.get("batch_size"));
    assertEquals(
        List.of("Embedding", "GRU", "Dense"),
        gru.layers().stream().map(LayerSpec::className).toList());
    assertArrayEquals(
        new int[] {80, 64}, LayerSpec.embedding(2000, 64).outputShape(new int[] {80}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerSpec.recurrent("LSTM", 8).outputShape(new int[] {80}));
    assertTrue(
        e.getMessage().contains("expected (timesteps, features) but was [80]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LayerSpec.recurrent("SimpleRNN", 8));
  }

  @Test
  void recurrentModelsHaveKerasParameterCounts() {
    try (TensorScope scope = new TensorScope()) {
      // Embedding 2000*64; LSTM 4*(64*64 + 64*64 + 64); GRU (Keras 3, reset_after) 3*(64*64 + 64*64
      // + 2*64); Dense 64 + 1: the counts Keras 3 prints for the same layers
      assertEquals(128000 + 33024 + 65, MyelinRunner.build(Workloads.lstm()).countParams());
      assertEquals(128000 + 24960 + 65, MyelinRunner.build(Workloads.gru()).countParams());
    }
  }

  @Test
  void layerSpecsFollowKerasShapes() {
    int[] img = {28, 28, 1};
    assertArrayEquals(
        new int[] {26, 26, 32}, LayerSpec.conv2d(32, 3, "valid", "relu").outputShape(img));
    assertArrayEquals(
        new int[] {28, 28, 8}, LayerSpec.conv2d(8, 5, "same", "relu").outputShape(img));
    // a 3x3 pool over 26 rows: floor((26 - 3) / 3) + 1 = 8
    assertArrayEquals(
        new int[] {8, 8, 32}, LayerSpec.maxPooling2d(3).outputShape(new int[] {26, 26, 32}));
    assertArrayEquals(new int[] {784}, LayerSpec.flatten().outputShape(img));
    // Dense on the last axis of an image: 28*28 positions x 2*1*4 FLOPs
    assertArrayEquals(new int[] {28, 28, 4}, LayerSpec.dense(4, "relu").outputShape(img));
    assertEquals(28 * 28 * 8L, LayerSpec.dense(4, "relu").forwardFlops(img));
    assertEquals(0L, LayerSpec.maxPooling2d(2).forwardFlops(new int[] {26, 26, 32}));
    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerSpec.conv2d(4, 5, "valid", "relu").outputShape(new int[] {3, 3, 1}));
    assertTrue(
        small.getMessage().startsWith("LayerSpec Conv2D: argument 'input_shape'"),
        small.getMessage());
    IllegalArgumentException reshape =
        assertThrows(
            IllegalArgumentException.class,
            () -> LayerSpec.reshape(5, 5).outputShape(new int[] {24}));
    assertTrue(
        reshape.getMessage().contains("expected a shape of 24 elements but was [5, 5]"),
        reshape.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LayerSpec("Conv3D", Map.of()).outputShape(new int[] {10, 3}));
    assertTrue(unknown.getMessage().contains("but was \"Conv3D\""), unknown.getMessage());
    // a wrong description fails when the workload is made, naming the layer
    IllegalArgumentException early =
        assertThrows(
            IllegalArgumentException.class,
            () -> withModel(Workloads.mlp(), new int[] {784}, List.of(LayerSpec.maxPooling2d(2))));
    assertTrue(early.getMessage().contains("LayerSpec MaxPooling2D"), early.getMessage());
  }

  @Test
  void registryBuildsTheSameDenseModelAsTheDirectConstruction() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.fromArray(SyntheticData.circles(32).x(), 32, 2);
      Myelin.setSeed(42);
      Sequential direct = new Sequential();
      direct.add(new Dense(4).activation("tanh").inputShape(2));
      direct.add(new Dense(1).activation("sigmoid"));
      float[] expected = direct.predictOnBatch(x).toFloatArray();
      Myelin.setSeed(42);
      float[] viaRegistry = MyelinRunner.build(Workloads.tiny()).predictOnBatch(x).toFloatArray();
      assertArrayEquals(expected, viaRegistry);
    }
  }

  @Test
  void aLayerListOfExistingLayersRunsOnImageShapedData() {
    // the cnn's data path (rank-4 MNIST batches) with layers Myelin has today
    Workload w =
        Workloads.quick(
            withModel(
                Workloads.cnn(),
                new int[] {28, 28, 1},
                List.of(
                    LayerSpec.flatten(),
                    LayerSpec.dense(32, "relu"),
                    LayerSpec.reshape(4, 8),
                    LayerSpec.flatten(),
                    LayerSpec.dense(10, "softmax"))));
    assertEquals(3L * (2 * 784 * 32 + 2 * 32 * 10), w.trainFlopsPerSample());
    assertTrue(MyelinRunner.missingLayers(w).isEmpty());
    RunResult r = MyelinRunner.run(w.withThreads(1));
    assertTrue(r.median("samples_per_s") > 0);
    double loss = ((Number) r.toMap().get("final_loss")).doubleValue();
    // two short epochs of the 10-class data from about ln 10 = 2.30: trained, finite
    assertTrue(loss > 0.1 && loss < 2.3, "final loss " + loss);
  }

  @Test
  void everyWorkloadsLayersAreInTheRegistry() {
    // The cnn workload's Conv2D and MaxPooling2D are registered in this build, so every workload
    // builds on Myelin; a layer class missing from the registry would be named here.
    for (Workload w : Workloads.all()) {
      assertEquals(List.of(), MyelinRunner.missingLayers(w), w.name());
    }
  }

  @Test
  void dataColumnsMustMatchTheInputShape() {
    assertArrayEquals(
        new long[] {5, 28, 28, 1}, MyelinRunner.batchShape(5, new int[] {28, 28, 1}, 784));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MyelinRunner.batchShape(5, new int[] {28, 28, 3}, 784));
    assertTrue(
        e.getMessage().contains("expected 784 elements (the data's columns) but was [28, 28, 3]"),
        e.getMessage());
  }

  /** {@code w}'s training setup with another model. */
  private static Workload withModel(Workload w, int[] inputShape, List<LayerSpec> layers) {
    return new Workload(
        "custom",
        w.kind(),
        "a test model",
        inputShape,
        layers,
        w.optimizer(),
        w.learningRate(),
        w.loss(),
        w.data(),
        w.samples(),
        w.batchSize(),
        w.epochsPerRep(),
        w.warmupEpochs(),
        w.repetitions(),
        w.latencyCalls(),
        w.throughputBatch(),
        w.throughputCalls(),
        w.dtype(),
        w.threads(),
        w.metrics());
  }
}
