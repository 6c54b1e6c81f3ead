package dev.myelin.callbacks;

import dev.myelin.layers.LayerNames;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model after each epoch, or only when {@code monitor} improves ({@code saveBestOnly}),
 * printing Keras's {@code Epoch 1: val_loss improved from inf to 0.12345, saving model to
 * w.weights.h5} lines when verbose. The path may hold {@code {epoch}} / {@code {epoch:02d}} and
 * {@code {val_loss:.2f}}-style fields. By default it saves the whole model ({@code Model.save}: a
 * {@code .keras} file, or the legacy whole-model HDF5 for a {@code .h5} / {@code .hdf5} path such
 * as Keras 2's {@code weights.hdf5}; {@code Models.loadModel} and Python Keras read both); with
 * {@code saveWeightsOnly(true)}, a {@code .weights.h5} path or any other name it writes the weights
 * alone ({@code Model.saveWeights}, the Keras 3 {@code .weights.h5} layout).
 *
 * <pre>{@code
 * new ModelCheckpoint(Path.of("best.weights.h5")).saveBestOnly(true).verbose(1)
 * }</pre>
 */
public final class ModelCheckpoint extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        ModelCheckpoint.class,
        "ModelCheckpoint",
        List.of(),
        List.of("monitor", "save_best_only", "save_weights_only", "mode", "verbose"),
        (c, custom) -> fromConfig(c));
  }

  private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");
  private final String filepath;
  private String monitor = "val_loss";
  private boolean saveBestOnly;
  private boolean saveWeightsOnly;
  private String mode = "auto";
  private int verbose;
  private boolean maximise;
  private double best;

  /** A checkpoint writing to {@code filepath}. */
  public ModelCheckpoint(Path filepath) {
    if (filepath == null) {
      throw new IllegalArgumentException(
          "ModelCheckpoint: argument 'filepath' expected a path but was null");
    }
    this.filepath = filepath.toString();
  }

  /** The logged quantity compared when {@code saveBestOnly} (default {@code val_loss}). */
  public ModelCheckpoint monitor(String m) {
    this.monitor = m;
    return this;
  }

  /** Saves only when the monitored quantity improves. */
  public ModelCheckpoint saveBestOnly(boolean on) {
    this.saveBestOnly = on;
    return this;
  }

  /**
   * With {@code true} every save writes the weights alone ({@code Model.saveWeights}) whatever the
   * file name; with {@code false} (the default) a {@code .keras}, {@code .h5} or {@code .hdf5} path
   * gets the whole model ({@code Model.save}) and any other name the weights.
   */
  public ModelCheckpoint saveWeightsOnly(boolean on) {
    this.saveWeightsOnly = on;
    return this;
  }

  /** Whether weights-only was requested. */
  public boolean saveWeightsOnly() {
    return saveWeightsOnly;
  }

  /** "auto", "min" or "max". */
  public ModelCheckpoint mode(String m) {
    Monitor.maximise("x", m, "ModelCheckpoint");
    this.mode = m;
    return this;
  }

  /** 1 prints a line per save decision. */
  public ModelCheckpoint verbose(int v) {
    this.verbose = v;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    maximise = Monitor.maximise(monitor, mode, "ModelCheckpoint");
    best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** The path for an epoch (0-based) with its logs substituted into the pattern. */
  public String pathFor(int epoch, Map<String, Double> logs) {
    Matcher m = FIELD.matcher(filepath);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String spec = m.group(2);
      Object value = key.equals("epoch") ? (Object) (epoch + 1) : MetricAliases.get(logs, key);
      String text;
      if (value == null) {
        text = m.group();
      } else if (spec == null) {
        text = String.valueOf(value);
      } else if (value instanceof Integer i) {
        text = String.format(Locale.ROOT, "%" + spec, i);
      } else {
        text = String.format(Locale.ROOT, "%" + spec, (Double) value);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String f5(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.5f", v);
  }

  private String epochLabel(int epoch) {
    return LayerNames.keras2Names()
        ? String.format("%05d", epoch + 1)
        : Integer.toString(epoch + 1);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    String path = pathFor(epoch, logs);
    if (!saveBestOnly) {
      if (verbose > 0) {
        out().printf("%nEpoch %s: saving model to %s%n", epochLabel(epoch), path);
      }
      write(Path.of(path));
      return;
    }
    Double current = MetricAliases.get(logs, monitor);
    if (current == null) {
      System.err.println("Can save best model only with " + monitor + " available, skipping.");
      return;
    }
    boolean improved = maximise ? current > best : current < best;
    if (improved) {
      if (verbose > 0) {
        out()
            .printf(
                "%nEpoch %s: %s improved from %s to %s, saving model to %s%n",
                epochLabel(epoch), monitor, f5(best), f5(current), path);
      }
      best = current;
      write(Path.of(path));
    } else if (verbose > 0) {
      out()
          .printf("%nEpoch %s: %s did not improve from %s%n", epochLabel(epoch), monitor, f5(best));
    }
  }

  private void write(Path path) {
    String n = path.toString();
    if (!saveWeightsOnly && (n.endsWith(".keras") || n.endsWith(".h5") || n.endsWith(".hdf5"))) {
      model().save(path);
    } else {
      model().saveWeights(path);
    }
  }

  /**
   * A ModelCheckpoint from Keras's constructor arguments as a config map (snake_case keys; missing
   * ones take the defaults).
   */
  public static ModelCheckpoint fromConfig(Map<String, Object> c) {
    ModelCheckpoint m =
        new ModelCheckpoint(
            Path.of(String.valueOf(Configs.require(c, "filepath", "ModelCheckpoint"))));
    if (c.get("monitor") != null) {
      m.monitor(String.valueOf(c.get("monitor")));
    }
    if (c.get("save_best_only") != null) {
      m.saveBestOnly(Configs.bool(c, "save_best_only", false));
    }
    if (c.get("save_weights_only") != null) {
      m.saveWeightsOnly(Configs.bool(c, "save_weights_only", false));
    }
    if (c.get("mode") != null) {
      m.mode(String.valueOf(c.get("mode")));
    }
    if (c.get("verbose") != null) {
      m.verbose((int) Configs.num(c, "verbose", 0));
    }
    return m;
  }
}
