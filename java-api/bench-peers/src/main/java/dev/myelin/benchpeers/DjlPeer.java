package dev.myelin.benchpeers;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DJL on its PyTorch engine the idiomatic way: a {@link SequentialBlock} of the spec's layers
 * ({@link Linear}, {@link Conv2d}, {@link Pool#maxPool2dBlock}, {@link Blocks#batchFlattenBlock};
 * for the recurrent workloads {@link IdEmbedding} over the ids cast to integers, then a
 * batch-first {@link LSTM} or {@link GRU} of which the last step is kept), images as NCHW, a {@link Trainer} driven by {@link EasyTrain#fit} over an {@link ArrayDataset}
 * (random sampling), a {@link Predictor} with the no-op translator for inference. The last
 * activation is folded into the loss for training (sigmoid / softmax cross-entropy from logits), as
 * DJL's examples do.
 */
final class DjlPeer {
  private DjlPeer() {}

  static PeerMain.Outcome run(Spec s, String version) throws IOException, TranslateException {
    int threads = s.integer("threads");
    System.setProperty("offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int[] in = s.inputShape();
    List<Spec.Layer> layers = s.layers();
    SequentialBlock block = new SequentialBlock();
    for (int i = 0; i < layers.size(); i++) {
      Spec.Layer l = layers.get(i);
      block.add(layer(l));
      String a = l.str("activation", "linear");
      boolean last = i == layers.size() - 1;
      if ((last && s.training()) || a.equals("linear")) {
        continue;
      }
      block.add(switch (a) {
        case "relu" -> Activation.reluBlock();
        case "tanh" -> Activation.tanhBlock();
        case "sigmoid" -> Activation.sigmoidBlock();
        case "softmax" -> new LambdaBlock(x -> new NDList(x.singletonOrThrow().softmax(-1)));
        default -> throw new UnsupportedWorkload("DJL peer: activation '" + a + "'");
      });
    }
    // DJL's images are NCHW: (c, h, w) per sample
    Shape sample = in.length == 3 ? new Shape(in[2], in[0], in[1]) : new Shape(in[0]);
    boolean binary = s.str("loss").equals("binary_crossentropy");
    Loss loss = binary ? Loss.sigmoidBinaryCrossEntropyLoss() : Loss.softmaxCrossEntropyLoss();
    Tracker lr = Tracker.fixed((float) s.number("learning_rate"));
    Optimizer opt = s.str("optimizer").equals("adam")
        ? Optimizer.adam().optLearningRateTracker(lr).optEpsilon(1e-7f).build()
        : Optimizer.sgd().setLearningRateTracker(lr).build();
    DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss)
        .optOptimizer(opt)
        // glorot_uniform: limit sqrt(6 / (in + out)) = sqrt(3 / avg(in, out))
        .optInitializer(new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3), Parameter.Type.WEIGHT);
    List<Map<String, Double>> reps = new ArrayList<>();
    double finalLoss = Double.NaN;
    int bs = s.integer("batch_size");
    try (Model model = Model.newInstance(s.str("name"), "PyTorch")) {
      model.setBlock(block);
      NDManager m = model.getNDManager();
      Data d = Data.of(s.str("data"), s.integer("samples"), (String) s.map().get("data_dir"));
      NDArray x = m.create(d.channelsFirst(in), new Shape(d.rows).addAll(sample));
      NDArray y = m.create(d.y, new Shape(d.rows, 1));
      try (Trainer trainer = model.newTrainer(cfg)) {
        trainer.initialize(new Shape(bs).addAll(sample));
        if (s.training()) {
          ArrayDataset ds = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(bs, true).build();
          if (s.integer("warmup_epochs") > 0) {
            EasyTrain.fit(trainer, s.integer("warmup_epochs"), ds, null);
          }
          for (int r = 0; r < s.integer("repetitions"); r++) {
            long t0 = System.nanoTime();
            EasyTrain.fit(trainer, s.integer("epochs_per_rep"), ds, null);
            reps.add(Measure.train(s, (System.nanoTime() - t0) / 1e9));
          }
          NDList pred = trainer.evaluate(new NDList(x));
          finalLoss = loss.evaluate(new NDList(y), pred).getFloat();
          pred.close();
        }
      }
      if (!s.training()) {
        int rows = Math.min(s.integer("throughput_batch"), d.rows);
        NDList one = new NDList(x.get("0:1"));
        NDList big = new NDList(x.get("0:" + rows));
        try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
          Runnable callOne = () -> predict(p, one);
          Runnable callBig = () -> predict(p, big);
          for (int i = 0; i < Math.max(10, s.integer("latency_calls") / 5); i++) {
            callOne.run();
          }
          callBig.run();
          for (int r = 0; r < s.integer("repetitions"); r++) {
            reps.add(Measure.predict(s, callOne, callBig, rows));
          }
        }
      }
    }
    Engine e = Engine.getEngine("PyTorch");
    return new PeerMain.Outcome(version, Map.of("djl", Engine.getDjlVersion(), "pytorch_native", e.getVersion()), reps, finalLoss);
  }

  /** The DJL block of one Keras layer (without its activation). */
  private static Block layer(Spec.Layer l) {
    return switch (l.className()) {
      case "Dense" -> Linear.builder().setUnits(l.integer("units")).build();
      case "Conv2D" -> {
        int[] k = l.ints("kernel_size");
        int[] st = l.config().get("strides") == null ? new int[] {1, 1} : l.ints("strides");
        yield Conv2d.builder()
            .setKernelShape(new Shape(k[0], k[1]))
            .setFilters(l.integer("filters"))
            .optStride(new Shape(st[0], st[1]))
            .optPadding(padding(l, k, st))
            .build();
      }
      case "MaxPooling2D" -> {
        int[] p = l.ints("pool_size");
        int[] st = l.config().get("strides") == null ? p : l.ints("strides");
        yield Pool.maxPool2dBlock(new Shape(p[0], p[1]), new Shape(st[0], st[1]), padding(l, p, st));
      }
      case "Flatten" -> Blocks.batchFlattenBlock();
      case "Embedding" -> {
        SequentialBlock b = new SequentialBlock();
        // the ids arrive as floats, as Keras takes them; the embedding looks up integers
        b.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().toType(DataType.INT64, false))));
        b.add(new IdEmbedding.Builder()
            .setDictionarySize(l.integer("input_dim"))
            .setEmbeddingSize(l.integer("output_dim"))
            .build());
        yield b;
      }
      case "LSTM", "GRU" -> {
        SequentialBlock b = new SequentialBlock();
        b.add(l.className().equals("LSTM")
            ? LSTM.builder().setStateSize(l.integer("units")).setNumLayers(1).optBatchFirst(true).build()
            : GRU.builder().setStateSize(l.integer("units")).setNumLayers(1).optBatchFirst(true).build());
        // Keras's return_sequences=False: the last step's output, (batch, units)
        b.add(new LambdaBlock(x -> new NDList(x.get(0).get(":, -1, :"))));
        yield b;
      }
      default -> throw new UnsupportedWorkload("DJL peer: no block for Keras class '" + l.className() + "'");
    };
  }

  /** Keras's padding as DJL's explicit one: valid is none, same (stride 1, odd window) is half. */
  private static Shape padding(Spec.Layer l, int[] window, int[] strides) {
    String p = l.str("padding", "valid");
    if (p.equals("valid")) {
      return new Shape(0, 0);
    }
    if (p.equals("same") && strides[0] == 1 && strides[1] == 1 && window[0] % 2 == 1 && window[1] % 2 == 1) {
      return new Shape(window[0] / 2, window[1] / 2);
    }
    throw new UnsupportedWorkload("DJL peer: padding '" + p + "' with window " + java.util.Arrays.toString(window)
        + " and strides " + java.util.Arrays.toString(strides));
  }

  private static void predict(Predictor<NDList, NDList> p, NDList in) {
    try {
      p.predict(in).close();
    } catch (TranslateException ex) {
      throw new IllegalStateException("DJL predict failed", ex);
    }
  }
}
