package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.activations.Activation;
import dev.myelin.activations.Activations;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.EarlyStopping;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Constant;
import dev.myelin.initializers.Initializer;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Layers;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Metric;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.SGD;
import dev.myelin.regularizers.Regularizer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component registry: every component class registers itself, user components save and load
 * through global registration or a per-load {@code customObjects} map, and unknown names are
 * reported with close matches.
 */
class RegistryTest {
  @TempDir Path dir;

  /** The base type each kind's built-in classes share. */
  private static final Map<Registry.Kind, Class<?>> BASE =
      Map.of(
          Registry.Kind.LAYER, Layer.class,
          Registry.Kind.LOSS, Loss.class,
          Registry.Kind.METRIC, Metric.class,
          Registry.Kind.OPTIMIZER, Optimizer.class,
          Registry.Kind.INITIALIZER, Initializer.class,
          Registry.Kind.REGULARIZER, Regularizer.class,
          Registry.Kind.CONSTRAINT, Constraint.class,
          Registry.Kind.CALLBACK, Callback.class);

  /** The top-level classes of {@code pkg}, listed from the compiled classes' directory. */
  private static List<Class<?>> classesIn(String pkg) throws IOException, URISyntaxException {
    Path root = Path.of(Loss.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> r = new ArrayList<>();
    Path dir = root.resolve(pkg.replace('.', '/'));
    if (!Files.isDirectory(dir)) {
      return r; // a package of another module (myelin-data's text layers), tested there
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.endsWith(".class") && !n.contains("$") && !n.startsWith("package-info")) {
          try {
            r.add(Class.forName(pkg + "." + n.substring(0, n.length() - 6)));
          } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return r;
  }

  @Test
  void everyComponentClassInThePackagesIsRegistered() throws Exception {
    int checked = 0;
    for (Map.Entry<Registry.Kind, Class<?>> k : BASE.entrySet()) {
      Set<Class<?>> registered = new HashSet<>();
      for (Registry.Entry e : Registry.entries(k.getKey())) {
        registered.add(e.type());
      }
      for (String pkg : k.getKey().packages()) {
        for (Class<?> c : classesIn(pkg)) {
          if (k.getValue().isAssignableFrom(c)
              && !c.isInterface()
              && !Modifier.isAbstract(c.getModifiers())) {
            assertTrue(
                registered.contains(c),
                c.getName() + " is a " + k.getKey() + " class without a Registry.builtIn entry");
            checked++;
          }
        }
      }
    }
    // 12 layers and models, 15 losses, 10 metrics, 8 optimizers, 15 initializers, 3 + 4 others
    assertTrue(checked >= 60, "component classes found on the class path: " + checked);
  }

  @Test
  void everyActivationFactoryIsRegisteredUnderItsName() throws Exception {
    List<String> names = Activations.names();
    int checked = 0;
    for (Method m : Activations.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() == 0
          && m.getReturnType() == Activation.class) {
        String name = ((Activation) m.invoke(null)).name();
        assertTrue(names.contains(name), m.getName() + "() gives unregistered " + name);
        assertEquals(name, Activation.get(name).name());
        checked++;
      }
    }
    assertEquals(20, checked);
  }

  @Test
  void layerAndCallbackKeywordsAreFluentSetters() {
    // The Python bridge accepts a layer's or callback's registered config keys as keyword
    // arguments and calls the setter of the same camelCase name, so each key must have one.
    int keys = 0;
    List<Registry.Entry> entries = new ArrayList<>(Registry.entries(Registry.Kind.LAYER));
    entries.addAll(Registry.entries(Registry.Kind.CALLBACK));
    for (Registry.Entry e : entries) {
      for (String key : e.configKeys()) {
        String camel = camel(key);
        boolean found = false;
        for (Method m : e.type().getMethods()) {
          found |= m.getName().equals(camel) && m.getParameterCount() == 1;
        }
        assertTrue(found, e.className() + " registers '" + key + "' without a " + camel + "(x)");
        keys++;
      }
    }
    // + the convolution layers: Conv1D/2D/3D 14 each, Conv1D/2D/3DTranspose 13 each,
    // DepthwiseConv2D 14, SeparableConv1D/2D 17 each
    // + 20: strides/padding of the 6 pooling layers, keepdims of the 6 global ones,
    // UpSampling2D's interpolation, BatchNormalization's axis
    // + 24: the image preprocessing layers (Rescaling 1, Resizing 6, RandomFlip 2,
    // RandomRotation 4, RandomZoom 5, RandomTranslation 4, RandomContrast 2)
    // + SimpleRNN 21, LSTM 23, GRU 23, Embedding 6 (docs/recurrent.md)
    // + SimpleRNNCell 14, LSTMCell 16, GRUCell 16, RNN 6
    // + 1: EarlyStopping's baseline (the callbacks' keys are 20: EarlyStopping 7, ModelCheckpoint
    // 5, ReduceLROnPlateau 8)
    // + 25: data_format of the 6 pooling and 6 global pooling layers, ZeroPadding1D/2D,
    // Cropping2D, UpSampling2D, SpatialDropout2D, Flatten and the 7 image layers but Rescaling
    assertEquals(13 + 20 + 129 + 20 + 24 + 73 + 52 + 25, keys);
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }

  /** A custom layer: {@code y = x + amount}. */
  static final class Offset extends Layer {
    private final double amount;

    Offset(double amount) {
      this.amount = amount;
    }

    @Override
    public Tensor call(Tensor[] inputs, boolean training) {
      return inputs[0].add(amount);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("amount", amount);
      return c;
    }
  }

  /** A custom loss: half the mean squared error. */
  static final class HalfSquaredError extends Loss {
    HalfSquaredError() {
      super("half_squared_error");
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
      Tensor[] a = align(yTrue, yPred);
      return meanLastAxis(a[0].sub(a[1]).square()).mul(0.5);
    }
  }

  /** A custom metric: the largest absolute error seen. */
  static final class MaxAbsError extends Metric {
    private double max;

    MaxAbsError() {
      super("max_abs_error");
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
      max = Math.max(max, yTrue.sub(yPred).abs().max().item());
    }

    @Override
    public double result() {
      return max;
    }

    @Override
    public void resetState() {
      max = 0;
    }
  }

  private static Tensor x() {
    return Tensor.of(new float[][] {{1, 2, 3}, {-1, 0.5f, 2}, {0, 0, 1}});
  }

  @Test
  void userLayerLossAndMetricRegisteredGloballySaveAndLoad() {
    Registry.register(Registry.Kind.LOSS, "HalfSquaredError", c -> new HalfSquaredError());
    Registry.register(Registry.Kind.METRIC, "max_abs_error", c -> new MaxAbsError());
    // The class name a saved layer carries is its Java simple name.
    Registry.register(
        Registry.Kind.LAYER,
        "RegistryTest>Offset",
        c -> new Offset(((Number) c.get("amount")).doubleValue()));
    Sequential m = new Sequential(new Dense(2).inputShape(3), new Offset(0.25));
    m.compile(new SGD(0.1), new HalfSquaredError(), "max_abs_error");
    Tensor y = Tensor.of(new float[][] {{1, 0}, {0, 1}, {1, 1}});
    m.trainOnBatch(x(), y);
    for (String ext : List.of(".keras", ".h5")) {
      Path file = dir.resolve("custom" + ext);
      m.save(file);
      Model back = Models.loadModel(file);
      assertArrayEquals(m.predict(x()).toFloatArray(), back.predict(x()).toFloatArray(), 0f, ext);
      assertInstanceOf(Offset.class, back.layers().get(1), ext);
      assertInstanceOf(HalfSquaredError.class, back.loss(), ext);
      assertEquals(List.of("loss", "max_abs_error"), back.metricsNames(), ext);
      double[] want = m.evaluate(x(), y);
      assertArrayEquals(want, back.evaluate(x(), y), 1e-6, ext);
    }
    assertTrue(m.toJson().contains("\"registered_name\":\"RegistryTest>Offset\""), m.toJson());
  }

  private static final String SHIFT_JSON =
      "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
          + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3]}},"
          + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2,"
          + " \"kernel_initializer\": {\"class_name\": \"Fives\", \"config\": {}}}},"
          + "{\"class_name\": \"LocalShift\", \"config\": {\"name\": \"shift\", \"amount\": 1.5}}"
          + "]}}";

  @Test
  void perLoadCustomObjectsWorkWithoutGlobalRegistration() {
    Map<String, Function<Map<String, Object>, ?>> custom =
        Map.of(
            "LocalShift", c -> new Offset(((Number) c.get("amount")).doubleValue()),
            "Fives", c -> new Constant(5.0));
    Model m = Models.modelFromJson(SHIFT_JSON, custom);
    // kernel all 5, bias 0, then + 1.5: each output is 5 * sum(x) + 1.5
    assertArrayEquals(
        new float[] {31.5f, 31.5f, 9f, 9f, 6.5f, 6.5f}, m.predict(x()).toFloatArray(), 1e-5f);
    // the map served this load only: nothing leaked into the registry
    assertNull(Registry.find(Registry.Kind.LAYER, "LocalShift", null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Models.modelFromJson(SHIFT_JSON));
    assertTrue(e.getMessage().contains("\"Fives\""), e.getMessage());
    String withoutFives = SHIFT_JSON.replace("\"Fives\"", "\"Ones\"");
    IllegalArgumentException l =
        assertThrows(IllegalArgumentException.class, () -> Models.modelFromJson(withoutFives));
    assertTrue(
        l.getMessage().contains("\"LocalShift\"")
            && l.getMessage().contains("Layers.register(\"LocalShift\", fromConfig)"),
        l.getMessage());
  }

  @Test
  void customObjectsTakePrecedenceOverTheRegistry() {
    Map<String, Object> custom = Map.of("relu", Activations.tanh());
    Layer d =
        Layers.fromConfig(
            "Dense", Map.of("units", 1, "activation", "relu", "use_bias", false), custom);
    assertEquals("tanh", ((Dense) d).getConfig().get("activation"));
  }

  @Test
  void unknownNamesListCloseMatchesAndKnownNames() {
    IllegalArgumentException loss =
        assertThrows(IllegalArgumentException.class, () -> Loss.get("mse2"));
    assertTrue(
        loss.getMessage().startsWith("Loss.get: argument 'name' expected one of [")
            && loss.getMessage().contains("did you mean \"mse\"")
            && loss.getMessage().contains("categorical_crossentropy")
            && loss.getMessage().contains("but was \"mse2\""),
        loss.getMessage());
    IllegalArgumentException layer =
        assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("Dence", Map.of()));
    assertTrue(layer.getMessage().contains("did you mean \"Dense\""), layer.getMessage());
    IllegalArgumentException opt =
        assertThrows(IllegalArgumentException.class, () -> Optimizer.get("adamm"));
    assertTrue(opt.getMessage().contains("did you mean \"adam\""), opt.getMessage());
    IllegalArgumentException init =
        assertThrows(IllegalArgumentException.class, () -> Initializer.get("glorot_unifrom"));
    assertTrue(init.getMessage().contains("did you mean \"glorot_uniform\""), init.getMessage());
    IllegalArgumentException act =
        assertThrows(IllegalArgumentException.class, () -> Activation.get("rellu"));
    assertTrue(act.getMessage().contains("did you mean \"relu\""), act.getMessage());
    IllegalArgumentException far =
        assertThrows(IllegalArgumentException.class, () -> Metric.get("zzzzzzzz", null));
    assertTrue(
        !far.getMessage().contains("did you mean") && far.getMessage().contains("precision"),
        far.getMessage());
  }

  @Test
  void callbacksComeFromTheirKerasArguments() {
    Callback c = Callback.fromConfig("EarlyStopping", Map.of("patience", 3, "monitor", "loss"));
    assertInstanceOf(EarlyStopping.class, c);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Callback.fromConfig("EarlyStoping", Map.of()));
    assertTrue(
        e.getMessage().startsWith("Callback.fromConfig: argument 'className' expected one of [")
            && e.getMessage().contains("did you mean \"EarlyStopping\""),
        e.getMessage());
    List<String> keys =
        Registry.find(Registry.Kind.CALLBACK, "ReduceLROnPlateau", null).configKeys();
    assertTrue(keys.contains("min_lr") && keys.contains("cooldown"), keys.toString());
  }

  @Test
  void builtInNamesCannotBeReplaced() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Registry.register(Registry.Kind.LOSS, "MSE", c -> new HalfSquaredError()));
    assertTrue(e.getMessage().contains("built-in loss"), e.getMessage());
  }
}
