package dev.myelin.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.serving.ModelServer;
import dev.myelin.serving.ServingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 13's minimal Flask server in Java: the wifi location model exported as {@code model.json}
 * + {@code weights.h5}, loaded back, and served at {@code POST /} where a JSON body {@code {"data":
 * [[f1, ..., f7], ...]}} gets the predicted class labels ({@code [0, 2, 2]}). The book's Python
 * client is {@code examples/serving/flask_client.py} ({@code requests}).
 *
 * <p>Arguments: {@code [EXPORT_PATH]} (default {@code /tmp/ztdl_models/wifi/flask/1/}; trained and
 * exported there first when it holds no {@code model.json}), {@code --port N} (default 5000, 0 =
 * any free port), {@code --data DIR} (the book's data folder).
 */
public final class ServeFlask implements Example {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "serve-flask";
  }

  @Override
  public String description() {
    return "ch.13: the wifi model behind a Flask-style POST / answering class labels";
  }

  @Override
  public void run(String[] args) throws Exception {
    Path export = Path.of("/tmp/ztdl_models/wifi/flask/1/");
    int port = 5000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--data", "--out" -> i++;
        default -> export = Path.of(args[i]);
      }
    }
    if (!Files.isRegularFile(export.resolve("model.json"))) {
      trainAndExport(Book.dataDir(args), export);
    }
    System.out.println("* Loading model and starting Flask server...");
    Model loaded = Models.modelFromJson(Files.readString(export.resolve("model.json")));
    loaded.loadWeights(export.resolve("weights.h5"));
    System.out.println("Model loaded.");
    // The book wraps predict in the graph's lock; a Myelin model is safe to predict from several
    // threads, so the route calls it directly.
    ModelServer server =
        ModelServer.builder().port(port).route("/", body -> labels(loaded, body)).start();
    System.out.println("* Running on http://0.0.0.0:" + server.port() + "/ (Press CTRL+C to quit)");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.awaitShutdown();
  }

  /**
   * The route: parse {"data": rows}, predict, answer the arg-max labels as Flask's jsonify does.
   */
  static String labels(Model model, byte[] body) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw ServingException.invalid("the body is not JSON: " + e.getMessage().split("\n")[0]);
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      throw ServingException.invalid("expected a JSON body {\"data\": [[f1, ..., f7], ...]}");
    }
    long width = model.input().shape()[1];
    float[] values = new float[Math.multiplyExact(data.size(), (int) width)];
    for (int r = 0; r < data.size(); r++) {
      JsonNode row = data.get(r);
      if (!row.isArray() || row.size() != width) {
        throw ServingException.invalid(
            "data[" + r + "]: expected " + width + " numbers but was " + row);
      }
      for (int c = 0; c < width; c++) {
        if (!row.get(c).isNumber()) {
          throw ServingException.invalid(
              "data[" + r + "][" + c + "]: expected a number but was " + row.get(c));
        }
        values[r * (int) width + c] = row.get(c).floatValue();
      }
    }
    System.out.println("Received data: " + data);
    List<Integer> preds = new ArrayList<>();
    try (Tensor x = Tensor.fromArray(values, data.size(), width);
        Tensor p = model.predict(x);
        Tensor c = p.argmax(1)) {
      for (long v : c.toLongArray()) {
        preds.add((int) v);
      }
    }
    System.out.println("Predicted labels: " + preds);
    // Flask's jsonify in debug mode: one value per line, two spaces of indent.
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < preds.size(); i++) {
      sb.append("  ").append(preds.get(i)).append(i + 1 < preds.size() ? ",\n" : "\n");
    }
    return sb.append("]\n").toString();
  }

  /** Section 13.1: the wifi model, trained 40 epochs and exported as model.json + weights.h5. */
  private static void trainAndExport(Path dataDir, Path export) throws IOException {
    List<String> lines = Files.readAllLines(dataDir.resolve("wifi_location.csv"));
    int n = lines.size() - 1;
    double[][] x = new double[n][7];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      for (int c = 0; c < 7; c++) {
        x[i][c] = Double.parseDouble(f[c]);
      }
      y[i] = Integer.parseInt(f[7].trim());
    }
    Split split = new TrainTestSplit().testSize(0.25).randomState(0).split(n);
    KerasTensor inputs = Input.of(7);
    KerasTensor h = new BatchNormalization().apply(inputs);
    h = new Dense(50).activation("relu").apply(h);
    h = new Dense(30).activation("relu").apply(h);
    h = new Dense(10).activation("relu").apply(h);
    KerasTensor predictions = new Dense(4).activation("softmax").apply(h);
    Model model = new Model(inputs, predictions);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    model.fit(
        Book.tensor(Split.take(x, split.train())),
        Book.column(Split.take(y, split.train())),
        new FitOptions().batchSize(128).epochs(40).verbose(0));
    Files.createDirectories(export);
    Files.writeString(export.resolve("model.json"), model.toJson());
    model.saveWeights(export.resolve("weights.h5"));
    System.out.println("Exported " + export + ": [weights.h5, model.json]");
  }
}
