package dev.myelin.saving;

import dev.myelin.internal.Errors;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The one place Keras names are looked up (Keras's {@code register_keras_serializable}, {@code
 * get_registered_object} and {@code custom_objects}): every layer, loss, metric, optimizer,
 * activation, initializer, regularizer, constraint and callback registers its Keras class name, its
 * string identifiers and its {@code fromConfig} factory from a static initializer in its own class,
 * next to its {@code getConfig}. Saving, JSON, the {@code get(String)} lookups and the Python
 * bridge's keyword lists all read it.
 *
 * <p>The built-in classes of a kind are found without a hand-kept list: the first lookup of a kind
 * initializes every class of the kind's package found on the class path (a directory or a jar), so
 * their static initializers run. User classes register the same way, globally with {@link
 * #register(Kind, String, Function)}, or for one load through a {@code customObjects} map (name to
 * factory) passed to {@code Models.loadModel} or {@code Models.modelFromJson}, which takes
 * precedence over the global registry, as in Keras.
 *
 * <pre>{@code
 * Registry.register(Registry.Kind.LAYER, "Scale", c -> new Scale(((Number) c.get("factor")).doubleValue()));
 * Loss l = (Loss) Registry.get(Registry.Kind.LOSS, "mse");
 * }</pre>
 */
public final class Registry {
  /** The kinds of components, each with the package holding its built-in classes. */
  public enum Kind {
    /** Layers (and models used as layers); class names are case-sensitive. */
    LAYER(
        "layer",
        "Layers.fromConfig",
        "className",
        false,
        "dev.myelin.layers",
        "dev.myelin.models",
        // the text layers of myelin-data, when it is on the class path
        "dev.myelin.data.text"),
    /** Losses; names are case-insensitive, as Keras's string identifiers are matched. */
    LOSS("loss", "Loss.get", "name", true, "dev.myelin.losses"),
    /** Metrics; names are case-insensitive. */
    METRIC("metric", "Metric.get", "name", true, "dev.myelin.metrics"),
    /** Optimizers; names are case-insensitive ({@code adam}, {@code Adam}). */
    OPTIMIZER("optimizer", "Optimizer.get", "name", true, "dev.myelin.optimizers"),
    /** Activations (functions, registered by {@code Activations}). */
    ACTIVATION("activation", "Activation.get", "name", false, "dev.myelin.activations"),
    /** Weight initializers. */
    INITIALIZER("initializer", "Initializer.get", "name", false, "dev.myelin.initializers"),
    /** Weight regularizers. */
    REGULARIZER("regularizer", "Regularizer.get", "name", false, "dev.myelin.regularizers"),
    /** Weight constraints. */
    CONSTRAINT("constraint", "Constraint.get", "name", false, "dev.myelin.constraints"),
    /** Training callbacks (their config keys are the Python bridge's keyword arguments). */
    CALLBACK("callback", "Callback.fromConfig", "className", false, "dev.myelin.callbacks");

    private final String word;
    private final String op;
    private final String arg;
    private final boolean caseInsensitive;
    private final List<String> packages;

    Kind(String word, String op, String arg, boolean caseInsensitive, String... packages) {
      this.word = word;
      this.op = op;
      this.arg = arg;
      this.caseInsensitive = caseInsensitive;
      this.packages = List.of(packages);
    }

    /** The packages whose classes register this kind's built-in components. */
    public List<String> packages() {
      return packages;
    }

    private String key(String name) {
      return caseInsensitive ? name.toLowerCase(Locale.ROOT) : name;
    }
  }

  /**
   * Builds a component from its Keras config; {@code customObjects} (never null) is the per-load
   * map that nested lookups (a layer's initializer, say) must also consult.
   */
  @FunctionalInterface
  public interface Factory<T> {
    /** The component configured by {@code config}. */
    T create(Map<String, Object> config, Map<String, ?> customObjects);
  }

  /**
   * One registered component: its Keras class name, its accepted names, the registered name Keras
   * writes for a user class ({@code package>ClassName}, null for built-ins), the config keys its
   * factory reads (empty when it does not say) and the factory.
   */
  public record Entry(
      Kind kind,
      String className,
      List<String> names,
      String registeredName,
      Class<?> type,
      List<String> configKeys,
      Factory<?> factory) {
    /** Whether this entry is one of Myelin's own components. */
    public boolean builtIn() {
      return registeredName == null;
    }
  }

  private static final Map<Kind, Map<String, Entry>> BY_NAME = new EnumMap<>(Kind.class);
  private static final Map<Kind, Map<String, Entry>> BY_CLASS = new EnumMap<>(Kind.class);
  private static final Set<Kind> LOADED = ConcurrentHashMap.newKeySet();

  /** Packages of other modules (myelin-data's text layers) that a class path may lack. */
  private static final Set<String> OPTIONAL_PACKAGES = Set.of("dev.myelin.data.text");

  static {
    for (Kind k : Kind.values()) {
      // Insertion order is registration order, which error messages list.
      BY_NAME.put(k, Collections.synchronizedMap(new LinkedHashMap<>()));
      BY_CLASS.put(k, new ConcurrentHashMap<>());
    }
  }

  private Registry() {}

  // ======================================================================== registering

  /**
   * Registers one of Myelin's own components from its class's static initializer: {@code type} is
   * the class {@code factory} builds, {@code className} the Keras class name ({@code getConfig}'s
   * counterpart) and {@code aliases} the Keras string identifiers ({@code "mse"}, {@code "relu"})
   * and older spellings it also answers to; {@code configKeys} (may be empty) are the config keys
   * the factory reads, which the Python bridge accepts as keyword arguments.
   */
  public static <T> void builtIn(
      Kind kind,
      Class<? extends T> type,
      String className,
      List<String> aliases,
      List<String> configKeys,
      Factory<T> factory) {
    List<String> names = new ArrayList<>();
    if (className != null) {
      names.add(className);
    }
    names.addAll(aliases);
    add(new Entry(kind, className, List.copyOf(names), null, type, configKeys, factory));
  }

  /** {@link #builtIn(Kind, Class, String, List, List, Factory)} without declared config keys. */
  public static <T> void builtIn(
      Kind kind, Class<? extends T> type, String className, List<String> aliases, Factory<T> f) {
    builtIn(kind, type, className, aliases, List.of(), f);
  }

  /**
   * Registers a user component globally (Keras's {@code register_keras_serializable}): {@code name}
   * is its class name, or {@code package>ClassName} as Keras writes a registered class ({@code
   * Custom>} is Keras's default package); {@code fromConfig} rebuilds it from what its {@code
   * getConfig()} returned. A later registration of the same class name replaces the earlier one; a
   * built-in name cannot be replaced.
   */
  public static void register(Kind kind, String name, Function<Map<String, Object>, ?> fromConfig) {
    String op = "Registry.register";
    if (kind == null) {
      throw Errors.arg(op, "kind", "a Registry.Kind", "null");
    }
    if (name == null || name.isBlank() || name.endsWith(">")) {
      throw Errors.arg(
          op, "name", "a class name or package>ClassName", name == null ? "null" : quote(name));
    }
    if (fromConfig == null) {
      throw Errors.arg(op, "fromConfig", "a function", "null");
    }
    String cls = name.substring(name.lastIndexOf('>') + 1);
    load(kind);
    Entry old = BY_NAME.get(kind).get(kind.key(cls));
    if (old != null && old.builtIn()) {
      throw new IllegalArgumentException(
          op + ": \"" + cls + "\" is a built-in " + kind.word + " and cannot be replaced");
    }
    if (old != null) {
      remove(old);
    }
    String registered = name.contains(">") ? name : "Custom>" + name;
    add(
        new Entry(
            kind,
            cls,
            List.of(cls),
            registered,
            Object.class,
            List.of(),
            (c, custom) -> fromConfig.apply(c)));
  }

  private static void add(Entry e) {
    Map<String, Entry> byName = BY_NAME.get(e.kind());
    for (String n : e.names()) {
      byName.put(e.kind().key(n), e);
    }
    if (e.registeredName() != null) {
      byName.put(e.kind().key(e.registeredName()), e);
    }
    if (e.className() != null) {
      BY_CLASS.get(e.kind()).putIfAbsent(e.className(), e);
    }
  }

  private static void remove(Entry e) {
    BY_NAME.get(e.kind()).values().removeIf(x -> x == e);
    BY_CLASS.get(e.kind()).values().removeIf(x -> x == e);
  }

  // ======================================================================== looking up

  /**
   * The entry for {@code name} (a class name, a string identifier or {@code package>ClassName}),
   * looked up in {@code customObjects} first (may be null), then in the registry; null when neither
   * knows it.
   */
  public static Entry find(Kind kind, String name, Map<String, ?> customObjects) {
    if (name == null) {
      return null;
    }
    Entry custom = custom(kind, name, customObjects);
    if (custom != null) {
      return custom;
    }
    load(kind);
    Map<String, Entry> byName = BY_NAME.get(kind);
    Entry e = byName.get(kind.key(name));
    if (e == null && name.contains(">")) {
      e = byName.get(kind.key(name.substring(name.lastIndexOf('>') + 1)));
    }
    return e;
  }

  /**
   * Whether {@code customObjects} (may be null) supplies {@code name} (it then wins the lookup).
   */
  public static boolean isCustom(Kind kind, String name, Map<String, ?> customObjects) {
    return name != null && custom(kind, name, customObjects) != null;
  }

  private static Entry custom(Kind kind, String name, Map<String, ?> customObjects) {
    if (customObjects == null || customObjects.isEmpty()) {
      return null;
    }
    String cls = name.substring(name.lastIndexOf('>') + 1);
    Object v = customObjects.containsKey(name) ? customObjects.get(name) : customObjects.get(cls);
    if (v == null) {
      return null;
    }
    Factory<?> f;
    if (v instanceof Function<?, ?> fn) {
      @SuppressWarnings("unchecked")
      Function<Map<String, Object>, ?> g = (Function<Map<String, Object>, ?>) fn;
      f = (c, co) -> g.apply(c);
    } else if (v instanceof Factory<?> fac) {
      f = fac;
    } else {
      f = (c, co) -> v;
    }
    return new Entry(kind, cls, List.of(cls), name, Object.class, List.of(), f);
  }

  /**
   * A new component of {@code kind} named {@code name} built from {@code config} (null for an empty
   * one), {@code customObjects} first (may be null); an unknown name throws an {@link
   * IllegalArgumentException} that lists close matches and the known names.
   */
  public static Object fromConfig(
      Kind kind, String name, Map<String, Object> config, Map<String, ?> customObjects) {
    Entry e = find(kind, name, customObjects);
    if (e == null) {
      throw unknown(kind, name, "");
    }
    return create(e, name, config, customObjects);
  }

  /** {@link #fromConfig} with an empty config and no custom objects: a component's defaults. */
  public static Object get(Kind kind, String name) {
    return fromConfig(kind, name, null, null);
  }

  /** Runs {@code e}'s factory, checking that it returned something. */
  public static Object create(
      Entry e, String name, Map<String, Object> config, Map<String, ?> customObjects) {
    Map<String, Object> c = config == null ? new LinkedHashMap<>() : config;
    Object o = e.factory().create(c, customObjects == null ? Map.of() : customObjects);
    if (o == null) {
      throw new IllegalArgumentException(
          e.kind().op + ": the factory registered for \"" + name + "\" returned null");
    }
    return o;
  }

  /**
   * The exception for an unknown name: {@code OP: argument 'name' expected one of [...] but was
   * "x"}, with the closest known names first and {@code hint} appended.
   */
  public static IllegalArgumentException unknown(Kind kind, String name, String hint) {
    List<String> known = names(kind);
    String close = name == null ? "" : closeMatches(name, known);
    return new IllegalArgumentException(
        kind.op
            + ": argument '"
            + kind.arg
            + "' expected one of "
            + known
            + " but was "
            + (name == null ? "null" : quote(name))
            + (close.isEmpty() ? "" : " (did you mean " + close + "?)")
            + hint);
  }

  /**
   * Every name of {@code kind} that a lookup accepts: the string identifiers, then the class names,
   * each sorted.
   */
  public static List<String> names(Kind kind) {
    load(kind);
    List<String> r = new ArrayList<>();
    Set<String> keys = new java.util.HashSet<>();
    // String identifiers ("mse", "adam") first, then class names, each sorted (registration order
    // depends on which classes a program happened to load first); a case-insensitive kind lists
    // "adam" once, not also "Adam".
    List<Entry> all = entries(kind);
    for (boolean classNames : new boolean[] {false, true}) {
      Set<String> group = new TreeSet<>();
      for (Entry e : all) {
        for (String n : e.names()) {
          if (n.equals(e.className()) == classNames) {
            group.add(n);
          }
        }
      }
      for (String n : group) {
        if (keys.add(kind.key(n))) {
          r.add(n);
        }
      }
    }
    return r;
  }

  /** Every registered entry of {@code kind}, each once, in registration order. */
  public static List<Entry> entries(Kind kind) {
    load(kind);
    List<Entry> r = new ArrayList<>();
    synchronized (BY_NAME.get(kind)) {
      for (Entry e : BY_NAME.get(kind).values()) {
        if (!r.contains(e)) {
          r.add(e);
        }
      }
    }
    return r;
  }

  /**
   * The entry whose Keras class name is {@code className} (what a component's {@code className()}
   * returns, used when saving), or null.
   */
  public static Entry ofClass(Kind kind, String className) {
    load(kind);
    return className == null ? null : BY_CLASS.get(kind).get(className);
  }

  /**
   * The registered names ({@code package>ClassName}) of user components of {@code kind}, sorted.
   */
  public static Set<String> userNames(Kind kind) {
    Set<String> r = new TreeSet<>();
    for (Entry e : entries(kind)) {
      if (!e.builtIn()) {
        r.add(e.registeredName());
      }
    }
    return r;
  }

  /** Up to three known names within edit distance 2 of {@code name} (ignoring case), quoted. */
  static String closeMatches(String name, List<String> known) {
    String n = name.toLowerCase(Locale.ROOT);
    List<String> r = new ArrayList<>();
    for (int limit = 0; limit <= 2 && r.size() < 3; limit++) {
      for (String k : known) {
        String kl = k.toLowerCase(Locale.ROOT);
        boolean close = limit == 0 ? kl.equals(n) : distance(n, kl) == limit;
        if (close && r.size() < 3 && !r.contains(quote(k))) {
          r.add(quote(k));
        }
      }
    }
    return String.join(" or ", r);
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  // ======================================================================== discovery

  /**
   * Initializes every class of {@code kind}'s packages once, so that their static initializers
   * register them; a class added to a package is found without editing any list.
   */
  private static void load(Kind kind) {
    if (LOADED.contains(kind)) {
      return;
    }
    synchronized (kind) {
      if (LOADED.contains(kind)) {
        return;
      }
      ClassLoader loader = Registry.class.getClassLoader();
      for (String pkg : kind.packages) {
        List<String> classes = classesOf(pkg, loader);
        if (classes.isEmpty() && !OPTIONAL_PACKAGES.contains(pkg)) {
          throw new IllegalStateException(
              "Registry: found no classes of package "
                  + pkg
                  + " on the class path, so its built-in "
                  + kind.word
                  + "s cannot register");
        }
        for (String cls : classes) {
          try {
            Class.forName(cls, true, loader);
          } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                "Registry: cannot load built-in class " + cls + ": " + e, e);
          }
        }
      }
      LOADED.add(kind);
    }
  }

  /**
   * The names of the top-level classes directly in package {@code pkg}, read from every class-path
   * directory or jar that holds the package.
   */
  public static List<String> classesOf(String pkg, ClassLoader loader) {
    String path = pkg.replace('.', '/');
    Set<String> r = new TreeSet<>();
    try {
      Enumeration<URL> urls = loader.getResources(path);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        if ("file".equals(url.getProtocol())) {
          File[] files = new File(url.toURI()).listFiles();
          for (File f : files == null ? new File[0] : files) {
            addClass(r, pkg, f.getName());
          }
        } else if ("jar".equals(url.getProtocol())) {
          JarURLConnection conn = (JarURLConnection) url.openConnection();
          conn.setUseCaches(false);
          try (JarFile jar = conn.getJarFile()) {
            addJarClasses(r, pkg, jar);
          }
        }
      }
      if (r.isEmpty()) {
        // A jar written without directory entries (some shading tools) has no resource for the
        // package itself: read the jar this class came from.
        URL own = Registry.class.getProtectionDomain().getCodeSource().getLocation();
        File f = new File(own.toURI());
        if (f.isFile()) {
          try (JarFile jar = new JarFile(f)) {
            addJarClasses(r, pkg, jar);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Registry: cannot list package " + pkg, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Registry: cannot list package " + pkg, e);
    }
    return new ArrayList<>(r);
  }

  private static void addJarClasses(Set<String> r, String pkg, JarFile jar) {
    String path = pkg.replace('.', '/');
    for (Enumeration<JarEntry> es = jar.entries(); es.hasMoreElements(); ) {
      String n = es.nextElement().getName();
      if (n.startsWith(path + "/") && n.indexOf('/', path.length() + 1) < 0) {
        addClass(r, pkg, n.substring(path.length() + 1));
      }
    }
  }

  private static void addClass(Set<String> r, String pkg, String file) {
    // Top-level classes only: a component registers from its own class's static initializer.
    if (file.endsWith(".class") && !file.contains("$") && !file.startsWith("package-info")) {
      r.add(pkg + "." + file.substring(0, file.length() - ".class".length()));
    }
  }
}
