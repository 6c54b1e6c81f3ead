package dev.myelin.saving;

import dev.myelin.DType;
import dev.myelin.internal.Errors;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads/writes named weight arrays in the Keras 3 {@code .weights.h5} layout and the Keras 2 {@code
 * .h5} layout, through a neutral structure: an ordered map from layer name to that layer's weights
 * in Keras's order.
 *
 * <p>Keras 3 ({@code model.save_weights("m.weights.h5")}, and {@code model.weights.h5} inside a
 * {@code .keras} archive) stores layer {@code dense} as datasets {@code layers/dense/vars/0..n}
 * (kernel, bias, ...), each {@code vars} group with a {@code name} attribute, and the model's own
 * (empty) {@code vars} group at the root; other objects (the optimizer, nested layers) sit at their
 * own paths, e.g. {@code optimizer/vars}. Such entries are keyed here by their path ({@code
 * optimizer}, {@code layers/block/layers/dense}), top-level layers by their name.
 *
 * <p>Written files hold only objects that have weights: jHDF 0.9.4 corrupts an empty group written
 * after a dataset, and Keras reads a missing {@code vars} group as an empty one, so weightless
 * layers and the model's own empty {@code vars} group are left out (the model name goes into a root
 * {@code name} attribute instead). Reading such a file back gives no entry for those layers.
 *
 * <p>Keras 2 ({@code save_weights("m.h5")} or a whole-model {@code save("m.h5")}, whose weights sit
 * under {@code model_weights}) lists the layers in the {@code layer_names} attribute and each
 * layer's datasets in its {@code weight_names} attribute (e.g. {@code dense_1/kernel:0}); weights
 * read from it are named by the last path part without {@code :0} ({@code kernel}), and the root's
 * string attributes ({@code model_config}, {@code keras_version}, {@code backend}) are kept in
 * {@link #attributes()}.
 *
 * <pre>{@code
 * WeightsFile w = WeightsFile.read(Path.of("model.weights.h5"));
 * float[] kernel = w.layer("dense").get(0).floats();
 * w.write(Path.of("copy.weights.h5"));
 * }</pre>
 */
public final class WeightsFile {
  /** The layout a file was read from. */
  public enum Layout {
    /** Keras 3: {@code layers/<name>/vars/<i>}. */
    KERAS3,
    /** Keras 2: {@code [model_weights/]<layer>/<weight_name>} with name attributes. */
    KERAS2
  }

  /** Most bytes one dataset may hold: the largest Java array of bytes. */
  public static final long MAX_DATASET_BYTES = Integer.MAX_VALUE - 16L;

  /** The key of the optimizer's state in {@link #layers()} (Keras 3's {@code optimizer/vars}). */
  public static final String OPTIMIZER = "optimizer";

  private final Map<String, List<WeightArray>> layers = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<String> optimizerWeightNames = new ArrayList<>();
  private final List<WeightArray> optimizerWeights = new ArrayList<>();
  private Layout layout = Layout.KERAS3;
  private String modelName = "sequential";

  /** An empty weights file in the Keras 3 layout. */
  public WeightsFile() {}

  /**
   * Sets the weights of layer (or object path) {@code name}, replacing any it had; returns this.
   */
  public WeightsFile put(String name, List<WeightArray> weights) {
    if (name == null || name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
      throw Errors.arg(
          "WeightsFile.put",
          "name",
          "a layer name or a relative object path",
          name == null ? "null" : "\"" + name + "\"");
    }
    layers.put(name, List.copyOf(weights));
    return this;
  }

  /** Keys written at the file's root rather than under {@code layers/} (see {@link #putAtRoot}). */
  private final java.util.Set<String> atRoot = new java.util.HashSet<>();

  /**
   * {@link #put} for an object that Keras 3 keeps at the root of the file by its attribute name
   * ({@code encoder/vars}): a layer a Model subclass holds in a field, where a graph's layers go
   * under {@code layers/}. Reading gives it back under the same key.
   */
  public WeightsFile putAtRoot(String name, List<WeightArray> weights) {
    put(name, weights);
    atRoot.add(name);
    return this;
  }

  /** Datasets stored by name inside {@code vars} groups (Keras 3 layout), by full path. */
  private final Map<String, WeightArray> named = new LinkedHashMap<>();

  /**
   * Adds an array a layer keeps by name rather than by index ({@code
   * layers/text_vectorization/vars/idf_weights}, as Keras's {@code save_own_variables} writes a
   * TextVectorization's tf-idf weights); {@code path} is the dataset's full path, whose parent
   * group is a {@code vars} group. Returns this.
   */
  public WeightsFile putNamed(String path, WeightArray array) {
    int slash = path == null ? -1 : path.lastIndexOf('/');
    String name = slash < 0 ? "" : path.substring(slash + 1);
    if (slash < 0
        || path.startsWith("/")
        || !path.substring(0, slash).endsWith("vars")
        || name.isEmpty()
        || name.matches("\\d+")) {
      throw Errors.arg(
          "WeightsFile.putNamed",
          "path",
          "a path <object>/vars/<name> with a name that is not an index",
          path == null ? "null" : "\"" + path + "\"");
    }
    named.put(path, array);
    return this;
  }

  /** The arrays stored by name (see {@link #putNamed}), by full path, in file order. */
  public Map<String, WeightArray> named() {
    return Collections.unmodifiableMap(named);
  }

  /** The layers (and other weight-holding objects) in file order: name to weights. */
  public Map<String, List<WeightArray>> layers() {
    return Collections.unmodifiableMap(layers);
  }

  /** The weights of layer {@code name}; an unknown name throws listing the known ones. */
  public List<WeightArray> layer(String name) {
    List<WeightArray> w = layers.get(name);
    if (w == null) {
      throw Errors.arg(
          "WeightsFile.layer", "name", "one of " + layers.keySet(), "\"" + name + "\"");
    }
    return w;
  }

  /** String attributes of the file's root (Keras 2: model_config, keras_version, backend, ...). */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The layout the weights were read from ({@link Layout#KERAS3} for a new file). */
  public Layout layout() {
    return layout;
  }

  /**
   * The model's name: Keras's root {@code vars} group's, or the root {@code name} attribute Myelin
   * writes.
   */
  public String modelName() {
    return modelName;
  }

  /** Sets the model name written as the root {@code name} attribute; returns this. */
  public WeightsFile setModelName(String name) {
    this.modelName = name;
    return this;
  }

  /**
   * The optimizer state of a legacy whole-model {@code .h5} ({@code optimizer_weights}, in the
   * order of its {@code weight_names} attribute); empty when the file has none. In the Keras 3
   * layout the optimizer's state is the {@code optimizer} entry of {@link #layers()} instead.
   */
  public List<WeightArray> optimizerWeights() {
    return Collections.unmodifiableList(optimizerWeights);
  }

  /** The {@code weight_names} of {@link #optimizerWeights()} (e.g. {@code adam/iteration}). */
  public List<String> optimizerWeightNames() {
    return Collections.unmodifiableList(optimizerWeightNames);
  }

  /**
   * Sets the optimizer state a legacy whole-model {@code .h5} stores under {@code
   * optimizer_weights} (names as Keras's variable paths, one per array); returns this.
   */
  public WeightsFile putOptimizerWeights(List<String> names, List<WeightArray> weights) {
    if (names.size() != weights.size()) {
      throw Errors.arg(
          "WeightsFile.putOptimizerWeights",
          "names",
          weights.size() + " names (one per array)",
          names.size() + " names");
    }
    optimizerWeightNames.clear();
    optimizerWeightNames.addAll(names);
    optimizerWeights.clear();
    optimizerWeights.addAll(weights);
    return this;
  }

  // ======================================================================== reading

  /** Reads a Keras 3 {@code .weights.h5} or a Keras 2 {@code .h5} file. */
  public static WeightsFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UncheckedIOException(
          new IOException(file + ": no such file (expected a Keras .weights.h5 or .h5 file)"));
    }
    try (HdfFile hdf = new HdfFile(file)) {
      return from(hdf, file);
    } catch (WeightsFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WeightsFormatException(
          file, "not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  /** Reads a weights file from its bytes (e.g. a {@code .keras} entry); {@code source} names it. */
  public static WeightsFile read(byte[] bytes, Path source) {
    try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
      return from(hdf, source);
    } catch (WeightsFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WeightsFormatException(
          source, "not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  private static WeightsFile from(HdfFile hdf, Path file) {
    WeightsFile w = new WeightsFile();
    for (Map.Entry<String, Attribute> a : hdf.getAttributes().entrySet()) {
      Object v = a.getValue().getData();
      if (v instanceof String) {
        w.attributes.put(a.getKey(), (String) v);
      }
    }
    if (hdf.getAttribute("layer_names") != null) {
      w.layout = Layout.KERAS2;
      readKeras2(hdf, w, file);
    } else if (hdf.getChild("model_weights") instanceof Group) {
      w.layout = Layout.KERAS2;
      readKeras2((Group) hdf.getChild("model_weights"), w, file);
      if (hdf.getChild("optimizer_weights") instanceof Group og) {
        for (String wn : strings(og.getAttribute("weight_names"), og, file)) {
          Node dn = og.getByPath(wn);
          if (!(dn instanceof Dataset)) {
            throw new WeightsFormatException(
                file, "optimizer weight " + wn + " listed in weight_names is not a dataset");
          }
          w.optimizerWeightNames.add(wn);
          w.optimizerWeights.add(toArray((Dataset) dn, wn, file));
        }
      }
    } else if (hdf.getChild("layers") instanceof Group
        || hdf.getChild("vars") instanceof Group
        || hdf.getAttribute("name") != null) {
      w.layout = Layout.KERAS3;
      Node root = hdf.getChild("vars");
      Attribute name = root != null ? root.getAttribute("name") : hdf.getAttribute("name");
      if (name != null && name.getData() instanceof String) {
        w.modelName = (String) name.getData();
      }
      readKeras3(hdf, "", w, file);
    } else {
      throw new WeightsFormatException(
          file,
          "unsupported layout: neither Keras 3 (layers/<name>/vars/<i>) nor Keras 2"
              + " (layer_names attribute or model_weights group); top-level entries are "
              + hdf.getChildren().keySet());
    }
    return w;
  }

  private static void readKeras3(Group group, String path, WeightsFile w, Path file) {
    for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
      if (!(e.getValue() instanceof Group)) {
        continue;
      }
      Group child = (Group) e.getValue();
      String childPath = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
      if (e.getKey().equals("vars")) {
        if (!path.isEmpty()) {
          w.layers.put(keyOf(path), readVars(child, childPath, w, file));
        }
      } else {
        readKeras3(child, childPath, w, file);
      }
    }
  }

  private static String keyOf(String path) {
    if (path.startsWith("layers/") && path.indexOf('/', "layers/".length()) < 0) {
      return path.substring("layers/".length());
    }
    return path;
  }

  /**
   * The datasets of a {@code vars} group named by index, in order; those named otherwise (a
   * TextVectorization's {@code idf_weights}) go to {@link #named()} under {@code varsPath}.
   */
  private static List<WeightArray> readVars(Group vars, String varsPath, WeightsFile w, Path file) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Node> c : vars.getChildren().entrySet()) {
      if (c.getKey().matches("\\d+")) {
        names.add(c.getKey());
      } else if (c.getValue() instanceof Dataset d) {
        w.named.put(varsPath + "/" + c.getKey(), toArray(d, c.getKey(), file));
      } else {
        throw new WeightsFormatException(
            file, "dataset " + vars.getPath() + c.getKey() + " is not named by its index 0..n-1");
      }
    }
    names.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    List<WeightArray> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (Integer.parseInt(names.get(i)) != i) {
        throw new WeightsFormatException(
            file,
            "group "
                + vars.getPath()
                + " has datasets "
                + names
                + ", expected 0.."
                + (names.size() - 1));
      }
      Node n = vars.getChild(names.get(i));
      if (!(n instanceof Dataset)) {
        throw new WeightsFormatException(file, n.getPath() + " is not a dataset");
      }
      out.add(toArray((Dataset) n, names.get(i), file));
    }
    return out;
  }

  private static void readKeras2(Group group, WeightsFile w, Path file) {
    for (String layer : strings(group.getAttribute("layer_names"), group, file)) {
      Node ln = group.getChild(layer);
      if (!(ln instanceof Group)) {
        throw new WeightsFormatException(
            file,
            "layer_names lists " + layer + " but " + group.getPath() + layer + " is not a group");
      }
      Group lg = (Group) ln;
      List<WeightArray> ws = new ArrayList<>();
      for (String wn : strings(lg.getAttribute("weight_names"), lg, file)) {
        Node dn = lg.getByPath(wn);
        if (!(dn instanceof Dataset)) {
          throw new WeightsFormatException(
              file, "weight " + wn + " of layer " + layer + " is not a dataset");
        }
        String name = wn.substring(wn.lastIndexOf('/') + 1);
        if (name.endsWith(":0")) {
          name = name.substring(0, name.length() - 2);
        }
        ws.add(toArray((Dataset) dn, name, file));
      }
      w.layers.put(layer, ws);
    }
  }

  private static List<String> strings(Attribute a, Node owner, Path file) {
    if (a == null) {
      throw new WeightsFormatException(
          file, "Keras 2 layout: " + owner.getPath() + " lacks its name attribute");
    }
    if (a.isEmpty() || a.getSize() == 0) {
      return List.of();
    }
    Object v = a.getData();
    if (v instanceof String[]) {
      return Arrays.asList((String[]) v);
    }
    if (v instanceof String) {
      return List.of((String) v);
    }
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 0) {
      return List.of();
    }
    throw new WeightsFormatException(
        file, "attribute " + a.getName() + " of " + owner.getPath() + " is not a list of strings");
  }

  private static WeightArray toArray(Dataset d, String name, Path file) {
    checkSize(d, file);
    int[] dims = d.getDimensions();
    long[] shape = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = dims[i];
    }
    Object data = d.isScalar() ? d.getData() : d.getDataFlat();
    if (data instanceof Float) {
      return WeightArray.of(name, shape, new float[] {(Float) data});
    }
    if (data instanceof float[]) {
      return WeightArray.of(name, shape, (float[]) data);
    }
    if (data instanceof Double) {
      return WeightArray.of(name, shape, new double[] {(Double) data});
    }
    if (data instanceof double[]) {
      return WeightArray.of(name, shape, (double[]) data);
    }
    if (data instanceof Number) {
      DType t = data instanceof Long ? DType.INT64 : DType.INT32;
      return WeightArray.of(name, shape, t, new double[] {((Number) data).doubleValue()});
    }
    if (data instanceof int[]
        || data instanceof long[]
        || data instanceof short[]
        || data instanceof byte[]) {
      int n = Array.getLength(data);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((Number) Array.get(data, i)).doubleValue();
      }
      return WeightArray.of(name, shape, data instanceof long[] ? DType.INT64 : DType.INT32, v);
    }
    throw new WeightsFormatException(
        file,
        "dataset "
            + d.getPath()
            + " has unsupported element type "
            + d.getJavaType()
            + " (expected float32, float64 or integers)");
  }

  /**
   * Rejects a dataset whose declared shape needs more bytes than it can hold: more than the whole
   * file when stored uncompressed (as Keras writes weights), more than a Java array in any case; so
   * a forged header fails here with a message instead of a huge allocation while reading.
   */
  private static void checkSize(Dataset d, Path file) {
    String declared =
        "dataset " + d.getPath() + " declares shape " + Arrays.toString(d.getDimensions());
    long count = 1;
    long bytes;
    try {
      for (int dim : d.getDimensions()) {
        if (dim < 0) {
          throw new ArithmeticException("negative dimension " + dim);
        }
        count = Math.multiplyExact(count, dim);
      }
      bytes = Math.multiplyExact(count, d.getDataType().getSize());
    } catch (ArithmeticException e) {
      throw new WeightsFormatException(file, declared + ", which has no valid size");
    }
    boolean filtered = !d.isScalar() && !d.getFilters().isEmpty();
    long fileSize = d.getHdfFile().size();
    long limit = filtered ? MAX_DATASET_BYTES : Math.min(MAX_DATASET_BYTES, fileSize);
    if (bytes > limit) {
      throw new WeightsFormatException(
          file,
          declared
              + " ("
              + bytes
              + " bytes), more than "
              + (limit == fileSize && !filtered
                  ? "the whole file (" + fileSize + " bytes) holds"
                  : "the limit of " + MAX_DATASET_BYTES + " bytes per dataset"));
    }
  }

  // ======================================================================== writing

  /**
   * Writes the Keras 3 {@code .weights.h5} layout to {@code file}, through a temporary file and an
   * atomic rename so a failed save leaves the previous file intact.
   */
  public void write(Path file) {
    AtomicFile.write(file, this::writeKeras3);
  }

  /**
   * The Keras 3 {@code .weights.h5} bytes (for the {@code model.weights.h5} entry of a {@code
   * .keras} archive).
   */
  public byte[] toBytes() {
    try {
      Path dir = Files.createTempDirectory("myelin-weights");
      Path tmp = dir.resolve("model.weights.h5");
      try {
        return toBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing weights to bytes failed: " + e.getMessage(), e);
    }
  }

  /** The Keras 3 bytes, written through {@code scratch} (which the caller deletes). */
  byte[] toBytes(Path scratch) throws IOException {
    writeKeras3(scratch);
    return Files.readAllBytes(scratch);
  }

  /**
   * Writes a legacy whole-model {@code .h5} (what Keras's {@code model.save("m.h5")} writes): the
   * root attributes {@code rootAttributes} (e.g. {@code model_config}, {@code keras_version}) and
   * the weights under {@code model_weights} in the Keras 2 layout ({@code layer_names}, per layer
   * {@code weight_names} such as {@code dense_1/kernel:0}); layers without weights are left out, as
   * the Keras 3 layout does. Atomic, like {@link #write}.
   */
  public void writeLegacyModel(Path file, Map<String, String> rootAttributes) {
    AtomicFile.write(
        file,
        tmp -> {
          try (WritableHdfFile hdf = HdfFile.write(tmp)) {
            for (Map.Entry<String, String> a : rootAttributes.entrySet()) {
              hdf.putAttribute(a.getKey(), a.getValue());
            }
            WritableGroup top = hdf.putGroup("model_weights");
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, List<WeightArray>> e : layers.entrySet()) {
              if (!e.getValue().isEmpty()) {
                names.add(e.getKey());
              }
            }
            top.putAttribute("layer_names", names.toArray(new String[0]));
            for (String name : names) {
              WritableGroup g = top.putGroup(name);
              WritableGroup inner = g.putGroup(name);
              List<String> weightNames = new ArrayList<>();
              for (WeightArray w : layers.get(name)) {
                String n = w.name() + ":0";
                weightNames.add(name + "/" + n);
                inner.putDataset(n, nested(w));
              }
              g.putAttribute("weight_names", weightNames.toArray(new String[0]));
            }
            if (!optimizerWeights.isEmpty()) {
              WritableGroup og = hdf.putGroup("optimizer_weights");
              og.putAttribute("weight_names", optimizerWeightNames.toArray(new String[0]));
              for (int i = 0; i < optimizerWeights.size(); i++) {
                String n = optimizerWeightNames.get(i);
                WritableGroup parent = og;
                int slash = n.lastIndexOf('/');
                if (slash > 0) {
                  parent = groupAt(og, n.substring(0, slash));
                }
                parent.putDataset(n.substring(slash + 1), nested(optimizerWeights.get(i)));
              }
            }
          }
        });
  }

  private void writeKeras3(Path tmp) {
    try (WritableHdfFile hdf = HdfFile.write(tmp)) {
      writeKeras3Layers(hdf);
      for (Map.Entry<String, WeightArray> e : named.entrySet()) {
        String path = e.getKey();
        int slash = path.lastIndexOf('/');
        groupAt(hdf, path.substring(0, slash))
            .putDataset(path.substring(slash + 1), nested(e.getValue()));
      }
    }
  }

  private void writeKeras3Layers(WritableHdfFile hdf) {
    WritableGroup top = hdf.putGroup("layers");
    hdf.putAttribute("name", modelName);
    for (Map.Entry<String, List<WeightArray>> e : layers.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String key = e.getKey();
      // Keras keeps the optimizer at the root (optimizer/vars), layers under layers/.
      WritableGroup owner =
          key.contains("/") || key.equals(OPTIMIZER) || atRoot.contains(key)
              ? groupAt(hdf, key)
              : top.putGroup(key);
      WritableGroup vars = owner.putGroup("vars");
      vars.putAttribute("name", key.substring(key.lastIndexOf('/') + 1));
      List<WeightArray> ws = e.getValue();
      for (int i = 0; i < ws.size(); i++) {
        vars.putDataset(Integer.toString(i), nested(ws.get(i)));
      }
    }
  }

  private static WritableGroup groupAt(WritableGroup root, String path) {
    WritableGroup g = root;
    for (String part : path.split("/")) {
      Node child = g.getChild(part);
      g = child instanceof WritableGroup ? (WritableGroup) child : g.putGroup(part);
    }
    return g;
  }

  /** The values as the nested Java array (or boxed scalar) the HDF5 writer takes. */
  private static Object nested(WeightArray w) {
    long[] shape = w.shape();
    Object flat;
    switch (w.dtype()) {
      case FLOAT32:
        flat = w.floats();
        break;
      case FLOAT64:
        flat = w.doubles();
        break;
      case INT32:
        {
          double[] d = w.doubles();
          int[] v = new int[d.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = (int) d[i];
          }
          flat = v;
          break;
        }
      default:
        {
          double[] d = w.doubles();
          long[] v = new long[d.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = (long) d[i];
          }
          flat = v;
          break;
        }
    }
    if (shape.length == 0) {
      return Array.get(flat, 0);
    }
    if (shape.length == 1) {
      return flat;
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = Math.toIntExact(shape[i]);
    }
    Object out = Array.newInstance(flat.getClass().getComponentType(), dims);
    fill(out, flat, dims, 0, 0);
    return out;
  }

  private static int fill(Object dst, Object flat, int[] dims, int depth, int offset) {
    if (depth == dims.length - 1) {
      System.arraycopy(flat, offset, dst, 0, dims[depth]);
      return offset + dims[depth];
    }
    for (int i = 0; i < dims[depth]; i++) {
      offset = fill(Array.get(dst, i), flat, dims, depth + 1, offset);
    }
    return offset;
  }
}
