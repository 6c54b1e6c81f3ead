package dev.myelin.benchpeers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
 * DL4J the idiomatic way: a {@link MultiLayerNetwork} of Dense layers and an output layer, fit on
 * a DataSet iterator over the (shuffled each epoch) training set, {@code output} for inference.
 */
final class Dl4jPeer {
  private Dl4jPeer() {}

  static PeerMain.Outcome run(Spec s, String version) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    int[] u = s.units();
    List<String> acts = s.activations();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .updater(s.str("optimizer").equals("adam")
                ? new Adam(s.number("learning_rate"), 0.9, 0.999, 1e-7)
                : new Sgd(s.number("learning_rate")))
            .list();
    for (int i = 1; i < u.length - 1; i++) {
      list.layer(new DenseLayer.Builder().nIn(u[i - 1]).nOut(u[i]).activation(activation(acts.get(i - 1))).build());
    }
    boolean binary = s.str("loss").equals("binary_crossentropy");
    list.layer(
        new OutputLayer.Builder(binary ? LossFunctions.LossFunction.XENT : LossFunctions.LossFunction.MCXENT)
            .nIn(u[u.length - 2]).nOut(u[u.length - 1])
            .activation(activation(acts.get(acts.size() - 1))).build());
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();

    Data d = Data.of(s.str("data"), s.integer("samples"), (String) s.map().get("data_dir"));
    INDArray x = Nd4j.create(d.x, new long[] {d.rows, d.cols}, 'c');
    INDArray y;
    if (binary) {
      y = Nd4j.create(d.y, new long[] {d.rows, 1}, 'c');
    } else {
      y = Nd4j.zeros(DataType.FLOAT, d.rows, u[u.length - 1]);
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

  private static Activation activation(String name) {
    return switch (name) {
      case "relu" -> Activation.RELU;
      case "tanh" -> Activation.TANH;
      case "sigmoid" -> Activation.SIGMOID;
      case "softmax" -> Activation.SOFTMAX;
      default -> throw new IllegalArgumentException("DL4J peer: unsupported activation '" + name + "'");
    };
  }
}
