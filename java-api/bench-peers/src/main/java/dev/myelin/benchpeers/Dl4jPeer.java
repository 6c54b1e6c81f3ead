package dev.myelin.benchpeers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J the idiomatic way: a {@link MultiLayerNetwork} of the spec's layers ({@link DenseLayer},
 * {@link ConvolutionLayer}, {@link SubsamplingLayer}; Flatten is the preprocessor DL4J inserts
 * from the input type; {@link EmbeddingSequenceLayer} and a {@link LastTimeStep} {@link LSTM} for
 * the recurrent workloads; DL4J 1.0.0-M2.1 has no GRU layer) and an output layer, fit on a DataSet iterator over the (shuffled each
 * epoch) training set, {@code output} for inference. Images go in flat, channels-first, as
 * {@link InputType#convolutionalFlat} expects.
 */
final class Dl4jPeer {
  private Dl4jPeer() {}

  static PeerMain.Outcome run(Spec s, String version) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    int[] in = s.inputShape();
    List<Spec.Layer> layers = s.layers();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .updater(s.str("optimizer").equals("adam")
                ? new Adam(s.number("learning_rate"), 0.9, 0.999, 1e-7)
                : new Sgd(s.number("learning_rate")))
            .list();
    Spec.Layer last = layers.get(layers.size() - 1);
    if (!last.className().equals("Dense")) {
      throw new UnsupportedWorkload("DL4J peer: the last layer must be Dense (DL4J's OutputLayer), was " + last.className());
    }
    boolean spatial = in.length == 3;
    boolean sequence = !layers.isEmpty() && layers.get(0).className().equals("Embedding");
    // the recurrent stacks set each nIn by hand: DL4J's recurrent input type of one feature would
    // overwrite the embedding's vocabulary size with 1
    int width = 0;
    for (Spec.Layer l : layers.subList(0, layers.size() - 1)) {
      switch (l.className()) {
        case "Dense" -> {
          if (spatial) {
            throw new UnsupportedWorkload("DL4J peer: Dense over an image without Flatten");
          }
          list.layer(new DenseLayer.Builder().nOut(l.integer("units")).activation(activation(l.str("activation", "linear"))).build());
        }
        case "Conv2D" -> {
          int[] k = l.ints("kernel_size");
          list.layer(new ConvolutionLayer.Builder(k)
              .stride(strides(l, new int[] {1, 1}))
              .nOut(l.integer("filters"))
              .convolutionMode(mode(l))
              .activation(activation(l.str("activation", "linear"))).build());
        }
        case "MaxPooling2D" -> {
          int[] p = l.ints("pool_size");
          list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
              .kernelSize(p).stride(strides(l, p)).convolutionMode(mode(l)).build());
        }
        // DL4J flattens by the CnnToFeedForward preprocessor it adds from the input type
        case "Flatten" -> spatial = false;
        case "Embedding" ->
            list.layer(new EmbeddingSequenceLayer.Builder()
                .nIn(l.integer("input_dim")).nOut(width = l.integer("output_dim"))
                .inputLength(in[0]).hasBias(false)
                // Keras's embeddings_initializer: uniform in [-0.05, 0.05]
                .weightInit(new org.deeplearning4j.nn.weights.WeightInitDistribution(
                    new org.deeplearning4j.nn.conf.distribution.UniformDistribution(-0.05, 0.05)))
                .build());
        // Keras 3's defaults: tanh, sigmoid gates, forget-gate bias 1 (DL4J's default too); the
        // last step's output, as return_sequences=False
        case "LSTM" ->
            list.layer(new LastTimeStep(new LSTM.Builder().nIn(width).nOut(width = l.integer("units"))
                .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build()));
        case "GRU" -> throw new UnsupportedWorkload("DL4J peer: DL4J 1.0.0-M2.1 has no GRU layer");
        default -> throw new UnsupportedWorkload("DL4J peer: no layer for Keras class '" + l.className() + "'");
      }
    }
    boolean binary = s.str("loss").equals("binary_crossentropy");
    int classes = last.integer("units");
    list.layer(
        new OutputLayer.Builder(binary ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
            .nIn(sequence ? width : 0)
            .nOut(classes)
            .activation(activation(last.str("activation", "linear"))).build());
    // the input type sets every layer's nIn (as the explicit nIn of the dense-only peer did)
    if (!sequence) {
      list.setInputType(in.length == 3 ? InputType.convolutionalFlat(in[0], in[1], in[2]) : InputType.feedForward(in[0]));
    }
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();

    Data d = Data.of(s.str("data"), s.integer("samples"), (String) s.map().get("data_dir"));
    // token ids go in as [rows, 1, steps], the recurrent input type of one feature
    INDArray x = sequence
        ? Nd4j.create(d.x, new long[] {d.rows, 1, d.cols}, 'c')
        : Nd4j.create(d.channelsFirst(in), new long[] {d.rows, d.cols}, 'c');
    INDArray y;
    if (binary) {
      y = Nd4j.create(d.y, new long[] {d.rows, 1}, 'c');
    } else {
      y = Nd4j.zeros(DataType.FLOAT, d.rows, classes);
      for (int i = 0; i < d.rows; i++) {
        y.putScalar(i, (int) d.y[i], 1f);
      }
    }
    DataSet ds = new DataSet(x, y);
    List<Map<String, Double>> reps = new ArrayList<>();
    double loss = Double.NaN;
    int bs = s.integer("batch_size");
    if (s.training()) {
      for (int e = 0; e < s.integer("warmup_epochs"); e++) {
        ds.shuffle();
        net.fit(new ViewIterator(ds, bs));
      }
      for (int r = 0; r < s.integer("repetitions"); r++) {
        long t0 = System.nanoTime();
        for (int e = 0; e < s.integer("epochs_per_rep"); e++) {
          ds.shuffle();
          net.fit(new ViewIterator(ds, bs));
        }
        reps.add(Measure.train(s, (System.nanoTime() - t0) / 1e9));
      }
      loss = net.score(ds);
    } else {
      INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
      int rows = Math.min(s.integer("throughput_batch"), d.rows);
      INDArray big = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows)).dup();
      for (int i = 0; i < Math.max(10, s.integer("latency_calls") / 5); i++) {
        net.output(one);
      }
      net.output(big);
      for (int r = 0; r < s.integer("repetitions"); r++) {
        reps.add(Measure.predict(s, () -> net.output(one), () -> net.output(big), rows));
      }
    }
    return new PeerMain.Outcome(version, Map.of("dl4j", version, "nd4j_backend", Nd4j.getBackend().getClass().getSimpleName()), reps, loss);
  }

  /** The layer's strides, or {@code fallback} when the config has none (pooling: its size). */
  private static int[] strides(Spec.Layer l, int[] fallback) {
    return l.config().get("strides") == null ? fallback : l.ints("strides");
  }

  /** Keras's padding as DL4J's mode: valid is Truncate, same is Same. */
  private static ConvolutionMode mode(Spec.Layer l) {
    return switch (l.str("padding", "valid")) {
      case "valid" -> ConvolutionMode.Truncate;
      case "same" -> ConvolutionMode.Same;
      default -> throw new UnsupportedWorkload("DL4J peer: padding '" + l.str("padding", "") + "'");
    };
  }

  private static Activation activation(String name) {
    return switch (name) {
      case "linear" -> Activation.IDENTITY;
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "sigmoid" -> Activation.SIGMOID;
      case "softmax" -> Activation.SOFTMAX;
      default -> throw new UnsupportedWorkload("DL4J peer: activation '" + name + "'");
    };
  }
}
