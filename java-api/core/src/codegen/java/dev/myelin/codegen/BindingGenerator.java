package dev.myelin.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates the Java side of the C API from {@code myelin.h}, the one declaration of every native
 * function and op code, and checks the native sources against it.
 *
 * <p>Run at build time (generate-sources) as {@code java BindingGenerator.java HEADER NATIVE_SRC
 * OUT_DIR}. It writes, under OUT_DIR (never committed):
 *
 * <ul>
 *   <li>{@code dev/myelin/internal/NativeCore.java}: the JavaCPP binding, one static method per C
 *       function (tensor and plan handles as {@code long}s) and every enum value and integer
 *       {@code #define} as a constant;
 *   <li>{@code dev/myelin/OpCodes.java}: the unary, binary and reduce op codes, which of them are
 *       differentiable ({@code @nograd} tags) and the activations {@code mln_dense} fuses;
 *   <li>{@code dev/myelin/optimizers/OptimizerKind.java} and {@code HyperparameterIndex.java}: the
 *       optimizer kinds with their hyperparameter counts and the named hyperparameter indices.
 * </ul>
 *
 * With {@code --native} it writes the recording prologue of every function that makes or changes
 * a tensor instead (see {@link #generateNative}). It fails (exit status 1, naming the function)
 * when such a function has an array argument whose capture the header does not declare, is
 * defined in no native source or still begins with a hand-written prologue, so a new C function
 * cannot be left out of traced plans or recorded twice, and when a native table of op names does
 * not list its enum's ops in order.
 */
public final class BindingGenerator {
  private BindingGenerator() {}

  /** One enum value of the header with the tags of its trailing comment. */
  public record Constant(String name, int value, Set<String> tags) {}

  /** One C enum. */
  public record CEnum(String name, List<Constant> constants) {}

  /** One parameter: its C type (spaces normalised, e.g. {@code const int64_t*}) and name. */
  public record Param(String type, String name) {}

  /** One exported function with the tags and the text of the comment just before it. */
  public record Function(
      String returnType, String name, List<Param> params, Set<String> tags, String comment) {
    /** Whether the function makes or changes a tensor, so a traced plan must see it. */
    public boolean touchesTensors() {
      if (returnType.equals("mln_tensor*")) {
        return true;
      }
      for (Param p : params) {
        if (p.type.equals("mln_tensor*") || p.type.equals("mln_tensor**")) {
          return true;
        }
      }
      return false;
    }
  }

  /** A function pointer typedef ({@code typedef void (*name)(params);}; void or int result). */
  public record Callback(String returnType, String name, List<Param> params) {}

  /** Everything the header declares. */
  public record Header(
      List<CEnum> enums,
      Map<String, Integer> defines,
      Map<String, List<String>> lists,
      List<Function> functions,
      List<Callback> callbacks) {
    /** The enum called {@code name}. */
    public CEnum enumNamed(String name) {
      for (CEnum e : enums) {
        if (e.name.equals(name)) {
          return e;
        }
      }
      throw new IllegalStateException("myelin.h: no enum " + name);
    }

    /** The value of the enum constant or integer define {@code name}. */
    public int value(String name) {
      for (CEnum e : enums) {
        for (Constant c : e.constants) {
          if (c.name.equals(name)) {
            return c.value;
          }
        }
      }
      Integer v = defines.get(name);
      if (v == null) {
        throw new IllegalStateException("myelin.h: no constant " + name);
      }
      return v;
    }
  }

  private static final Pattern ENUM =
      Pattern.compile("enum\\s+(\\w+)\\s*\\{(.*?)\\}\\s*;", Pattern.DOTALL);
  private static final Pattern ENUM_ENTRY =
      Pattern.compile("(MLN_\\w+)\\s*=\\s*(-?\\d+)\\s*,?[ \\t]*(/\\*.*?\\*/)?", Pattern.DOTALL);
  private static final Pattern INT_DEFINE =
      Pattern.compile("^#define\\s+(MLN_\\w+)\\s+(-?\\d+)\\s*$", Pattern.MULTILINE);
  private static final Pattern LIST_DEFINE =
      Pattern.compile("^#define\\s+(MLN_\\w+)\\(X\\)\\s+(.*)$", Pattern.MULTILINE);
  private static final Pattern CALLBACK =
      Pattern.compile("typedef\\s+(\\w+)\\s*\\(\\s*\\*\\s*(\\w+)\\s*\\)\\s*\\(([^)]*)\\)\\s*;");
  private static final Pattern TAG = Pattern.compile("@(\\w+)");
  private static final Pattern FUNCTION =
      Pattern.compile("^(.+?)\\b(mln_\\w+)\\s*\\((.*)\\)$", Pattern.DOTALL);

  /** Parses the header text. */
  public static Header parse(String text) {
    List<CEnum> enums = new ArrayList<>();
    Matcher m = ENUM.matcher(text);
    while (m.find()) {
      List<Constant> cs = new ArrayList<>();
      Matcher e = ENUM_ENTRY.matcher(m.group(2));
      while (e.find()) {
        cs.add(new Constant(e.group(1), Integer.parseInt(e.group(2)), tags(e.group(3))));
      }
      enums.add(new CEnum(m.group(1), cs));
    }
    Map<String, Integer> defines = new LinkedHashMap<>();
    Matcher d = INT_DEFINE.matcher(text);
    while (d.find()) {
      defines.put(d.group(1), Integer.parseInt(d.group(2)));
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Matcher l = LIST_DEFINE.matcher(text);
    while (l.find()) {
      List<String> items = new ArrayList<>();
      Matcher x = Pattern.compile("X\\((\\w+)\\)").matcher(l.group(2));
      while (x.find()) {
        items.add(x.group(1));
      }
      lists.put(l.group(1), items);
    }
    List<Callback> callbacks = new ArrayList<>();
    Matcher cb = CALLBACK.matcher(text);
    while (cb.find()) {
      callbacks.add(new Callback(cb.group(1), cb.group(2), params(cb.group(3))));
    }
    return new Header(enums, defines, lists, functions(text), callbacks);
  }

  private static Set<String> tags(String comment) {
    Set<String> tags = new LinkedHashSet<>();
    if (comment != null) {
      Matcher t = TAG.matcher(comment);
      while (t.find()) {
        tags.add(t.group(1));
      }
    }
    return tags;
  }

  /**
   * The function declarations: what remains between semicolons once preprocessor lines, enums,
   * typedefs and the extern "C" braces are removed, each with the comment just before it.
   */
  private static List<Function> functions(String text) {
    String body = text.replaceAll("(?m)^#.*(\\\\\\n.*)*$", "");
    body = ENUM.matcher(body).replaceAll("");
    body = body.replaceAll("typedef[^;]*;", "");
    body = body.replace("extern \"C\" {", "");
    List<Function> out = new ArrayList<>();
    String comment = null;
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (Character.isWhitespace(c) || c == '}') {
        i++;
      } else if (body.startsWith("/*", i)) {
        int end = body.indexOf("*/", i) + 2;
        comment = body.substring(i, end);
        i = end;
      } else {
        int end = body.indexOf(';', i);
        if (end < 0) {
          break;
        }
        String decl = body.substring(i, end).replaceAll("\\s+", " ").trim();
        Matcher f = FUNCTION.matcher(decl);
        if (!f.matches()) {
          throw new IllegalStateException("myelin.h: cannot read the declaration '" + decl + "'");
        }
        out.add(
            new Function(
                type(f.group(1)),
                f.group(2),
                params(f.group(3)),
                tags(comment),
                comment == null ? "" : comment));
        comment = null;
        i = end + 1;
      }
    }
    return out;
  }

  private static List<Param> params(String list) {
    List<Param> ps = new ArrayList<>();
    String s = list.trim();
    if (s.isEmpty() || s.equals("void")) {
      return ps;
    }
    for (String p : s.split(",")) {
      Matcher m = Pattern.compile("^(.*?)(\\w+)$").matcher(p.trim());
      if (!m.matches()) {
        throw new IllegalStateException("myelin.h: cannot read the parameter '" + p + "'");
      }
      ps.add(new Param(type(m.group(1)), m.group(2)));
    }
    return ps;
  }

  /** A C type with its spaces normalised: {@code const int64_t*}, {@code mln_tensor* const*}. */
  private static String type(String t) {
    return t.trim().replaceAll("\\s*\\*", "*").replaceAll("\\*(?=\\w)", "* ");
  }

  // ---- the recording prologue

  private static final Pattern FIRST_STATEMENT =
      Pattern.compile("\\G\\s*(?://[^\\n]*\\n\\s*)*(MLN_RECORD\\s*\\(\\s*(\\w+)|MLN_UNTRACEABLE\\s*\\()");
  private static final Pattern CAPTURE_TAG =
      Pattern.compile("@(in|tensors|outs|bytes|hparams|step|untraceable)\\(");
  /** Suffix of the kernel's own definition of a function whose prologue is generated. */
  public static final String IMPL = "__impl";

  /**
   * Whether a plan must see calls of {@code f}: it makes or changes a tensor (and is not tagged
   * {@code @norecord}), or it is tagged {@code @untraceable(reason)}.
   */
  static boolean recorded(Function f) {
    return (f.touchesTensors() && !f.tags.contains("norecord")) || f.tags.contains("untraceable");
  }

  /**
   * The capture tags of {@code f}'s comment, {@code @in(a b, LENGTH)}, {@code @tensors(xs, N)},
   * {@code @outs(outs, N)}, {@code @bytes(data, N)}, {@code @hparams(h, N)}, {@code @step(s)}, as
   * parameter name to the plan.hpp wrapper call that captures it ({@code rank(x)} in a length is
   * x's rank), plus {@code "@untraceable"} to the reason when the function cannot be replayed.
   */
  static Map<String, String> captures(Function f) {
    Map<String, String> r = new LinkedHashMap<>();
    Matcher m = CAPTURE_TAG.matcher(f.comment);
    while (m.find()) {
      int depth = 1;
      int i = m.end();
      while (i < f.comment.length() && depth > 0) {
        char c = f.comment.charAt(i++);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
      String body = f.comment.substring(m.end(), i - 1).replaceAll("\\s*\\n\\s*\\*\\s*", " ").trim();
      String kind = m.group(1);
      if (kind.equals("untraceable")) {
        r.put("@untraceable", body);
        continue;
      }
      int comma = body.indexOf(',');
      String names = comma < 0 ? body : body.substring(0, comma);
      String length =
          comma < 0 ? "" : body.substring(comma + 1).trim().replaceAll("\\brank\\(", "::mln::plan::rank_of(");
      for (String n : names.trim().split("\\s+")) {
        r.put(n, "::mln::plan::" + kind + "(" + n + (length.isEmpty() ? "" : ", " + length) + ")");
      }
    }
    return r;
  }

  /** The source holding {@code f}'s definition and where its body starts, or null. */
  private static Map.Entry<String, Integer> definition(Function f, Map<String, String> sources) {
    Pattern def =
        Pattern.compile("\\b" + Pattern.quote(f.name) + "\\s*\\([^;{]*\\)\\s*\\{", Pattern.DOTALL);
    for (Map.Entry<String, String> src : sources.entrySet()) {
      Matcher m = def.matcher(src.getValue());
      if (m.find()) {
        return Map.entry(src.getKey(), m.end());
      }
    }
    return null;
  }

  /**
   * The recorded functions whose definition begins with a hand-written prologue, {@code
   * MLN_RECORD(...)} or {@code MLN_UNTRACEABLE(...)} (the form kernels used before the prologue was
   * generated, which a branch from that time may bring back), by name to file: each is a problem,
   * since the generated prologue already records the call.
   */
  public static Map<String, String> handWrittenPrologues(Header h, Map<String, String> sources) {
    Map<String, String> r = new LinkedHashMap<>();
    for (Function f : h.functions) {
      Map.Entry<String, Integer> d = recorded(f) ? definition(f, sources) : null;
      if (d != null) {
        Matcher first = FIRST_STATEMENT.matcher(sources.get(d.getKey()));
        first.region(d.getValue(), sources.get(d.getKey()).length());
        if (first.lookingAt()) {
          r.put(f.name, d.getKey());
        }
      }
    }
    return r;
  }

  /**
   * What keeps a recorded function's prologue from being generated or checked, each as a
   * sentence naming the function; empty when all is well: a function declared but defined
   * nowhere, a hand-written prologue (the generated one already records the call), an array
   * parameter (a pointer other than a tensor or one output tensor) whose length the header does
   * not declare, and a capture tag naming no parameter.
   */
  public static List<String> recordingProblems(Header h, Map<String, String> sources) {
    List<String> problems = new ArrayList<>();
    Map<String, String> hand = handWrittenPrologues(h, sources);
    for (Function f : h.functions) {
      if (!recorded(f)) {
        continue;
      }
      Map.Entry<String, Integer> d = definition(f, sources);
      if (d == null) {
        problems.add(f.name + " is declared in myelin.h but defined in no native source");
        continue;
      }
      if (hand.containsKey(f.name)) {
        problems.add(
            f.name
                + " ("
                + d.getKey()
                + ") begins with a hand-written MLN_RECORD or MLN_UNTRACEABLE: its recording"
                + " prologue is generated from the tags of its declaration in myelin.h, so delete"
                + " that statement");
      }
      Map<String, String> caps = captures(f);
      Set<String> names = new LinkedHashSet<>();
      for (Param p : f.params) {
        names.add(p.name);
        boolean plainPointer =
            p.type.equals("const mln_tensor*")
                || p.type.equals("mln_tensor*")
                || p.type.equals("mln_tensor**");
        if (p.type.endsWith("*") && !plainPointer && !caps.containsKey(p.name)
            && !caps.containsKey("@untraceable")) {
          problems.add(
              f.name
                  + ": parameter '"
                  + p.name
                  + "' ("
                  + p.type
                  + ") is an array, so a plan must copy it: declare its length in myelin.h with"
                  + " @in("
                  + p.name
                  + ", LENGTH) (or @tensors, @outs, @bytes, @hparams), or tag the function"
                  + " @untraceable(reason) or @norecord");
        }
      }
      for (String n : caps.keySet()) {
        if (!n.startsWith("@") && !names.contains(n)) {
          problems.add(f.name + ": a capture tag names '" + n + "', which is no parameter");
        }
      }
    }
    return problems;
  }

  /**
   * The generated prologue of every recorded function, as two files for the native build:
   * {@code impl_names.gen.h}, force-included into every kernel
   * source, renames each such {@code mln_x} to {@code mln_x__impl} (so the kernel's definition is
   * the implementation), and {@code recording.gen.cpp} defines the exported {@code mln_x}: while a
   * plan records on the thread it records the call with its captures and runs it once
   * ({@code mln::plan::record}), or marks the plan not replayable; otherwise it calls the
   * implementation.
   */
  public static Map<String, String> generateNative(Header h, Map<String, String> sources) {
    StringBuilder names = new StringBuilder();
    StringBuilder decls = new StringBuilder();
    StringBuilder defs = new StringBuilder();
    String banner =
        "// Generated from native-src/include/myelin/myelin.h by BindingGenerator: the recording\n"
            + "// prologue of each C function that makes or changes a tensor. Never edit; never"
            + " commit.\n";
    names.append(banner).append("#pragma once\n");
    for (Function f : h.functions) {
      if (!recorded(f)) {
        continue;
      }
      Map<String, String> caps = captures(f);
      List<String> protoParams = new ArrayList<>();
      List<String> args = new ArrayList<>();
      List<String> captured = new ArrayList<>();
      for (Param p : f.params) {
        protoParams.add(p.type + " " + p.name);
        args.add(p.name);
        captured.add(caps.getOrDefault(p.name, p.name));
      }
      String params = protoParams.isEmpty() ? "void" : String.join(", ", protoParams);
      String call = f.name + IMPL + "(" + String.join(", ", args) + ")";
      names.append("#define ").append(f.name).append(' ').append(f.name).append(IMPL).append('\n');
      decls.append(f.returnType).append(' ').append(f.name).append(IMPL).append('(')
          .append(params).append(");\n");
      defs.append(f.returnType).append(' ').append(f.name).append('(').append(params)
          .append(") {\n");
      String why = caps.get("@untraceable");
      if (why != null) {
        String what = f.name.substring("mln_".length()) + " (" + why + ")";
        defs.append("  if (::mln::plan::recording()) ::mln::plan::not_replayable(\"")
            .append(what.replace("\\", "\\\\").replace("\"", "\\\""))
            .append("\");\n");
      } else {
        defs.append("  if (::mln::plan::recording())\n    return ::mln::plan::record(\"")
            .append(f.name).append("\", &").append(f.name).append(IMPL);
        for (String c : captured) {
          defs.append(", ").append(c);
        }
        defs.append(");\n");
      }
      defs.append("  return ").append(call).append(";\n}\n\n");
    }
    String cpp =
        banner
            + "#include \"plan.hpp\"\n\nextern \"C\" {\n\n"
            + decls
            + "\n"
            + defs
            + "}  // extern \"C\"\n";
    Map<String, String> files = new LinkedHashMap<>();
    files.put("impl_names.gen.h", names.toString());
    files.put("recording.gen.cpp", cpp);
    return files;
  }

  private static final Pattern NAME_TABLE =
      Pattern.compile("const char\\* const (k\\w+)\\[(MLN_\\w+_COUNT)\\]\\s*=\\s*\\{([^}]*)\\}");

  /**
   * The native tables of op names ({@code const char* const kXNames[MLN_X_COUNT] = {...}}) that do
   * not list their enum's ops in code order, each as a sentence; empty when all agree.
   */
  public static List<String> nameTableProblems(Header h, Map<String, String> sources) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> src : sources.entrySet()) {
      Matcher m = NAME_TABLE.matcher(src.getValue());
      while (m.find()) {
        CEnum owner = null;
        for (CEnum e : h.enums) {
          if (e.constants.stream().anyMatch(c -> c.name.equals(m.group(2)))) {
            owner = e;
          }
        }
        if (owner == null) {
          problems.add(m.group(1) + " (" + src.getKey() + "): no enum has " + m.group(2));
          continue;
        }
        List<String> expected =
            ops(owner).stream()
                .sorted((a, b) -> Integer.compare(a.value, b.value))
                .map(c -> c.name.substring(4))
                .toList();
        List<String> actual = new ArrayList<>();
        Matcher q = Pattern.compile("\"(\\w+)\"").matcher(m.group(3));
        while (q.find()) {
          actual.add(q.group(1));
        }
        if (!actual.equals(expected)) {
          problems.add(
              m.group(1) + " (" + src.getKey() + ") lists " + actual + " but " + owner.name
                  + " declares " + expected);
        }
      }
    }
    return problems;
  }

  // ---- Java output

  private static final String GENERATED =
      "// Generated from native-src/include/myelin/myelin.h by BindingGenerator: do not edit.\n";

  /** The JavaCPP binding class {@code dev.myelin.internal.NativeCore}. */
  public static String nativeCore(Header h) {
    StringBuilder s = new StringBuilder(GENERATED);
    s.append("package dev.myelin.internal;\n\n")
        .append("import org.bytedeco.javacpp.FunctionPointer;\n")
        .append("import org.bytedeco.javacpp.Loader;\n")
        .append("import org.bytedeco.javacpp.annotation.Cast;\n")
        .append("import org.bytedeco.javacpp.annotation.NoException;\n")
        .append("import org.bytedeco.javacpp.annotation.Platform;\n\n")
        .append("/**\n")
        .append(" * The JavaCPP binding of {@code myelin.h}: one static method per C function, tensor\n")
        .append(" * and plan handles as {@code long}s (0 is NULL), and every op code as a constant.\n")
        .append(" * Public code goes through {@link Native}, which turns failures into exceptions.\n")
        .append(" */\n")
        .append("@Platform(include = \"myelin/myelin.h\", link = \"myelin\")\n")
        .append("@NoException\n")
        .append("@SuppressWarnings(\"unused\")\n")
        .append("public final class NativeCore {\n")
        .append("  static {\n    Loader.load();\n  }\n\n")
        .append("  private NativeCore() {}\n");
    for (CEnum e : h.enums) {
      s.append("\n  // enum ").append(e.name).append('\n');
      for (Constant c : e.constants) {
        s.append("  /** {@code ").append(c.name).append("}. */\n");
        s.append("  public static final int ").append(c.name).append(" = ").append(c.value);
        s.append(";\n");
      }
    }
    s.append('\n');
    for (Map.Entry<String, Integer> d : h.defines.entrySet()) {
      s.append("  /** {@code #define ").append(d.getKey()).append("}. */\n");
      s.append("  public static final int ").append(d.getKey()).append(" = ");
      s.append(d.getValue()).append(";\n");
    }
    for (Callback cb : h.callbacks) {
      if (!cb.returnType.equals("void") && !cb.returnType.equals("int")) {
        throw new IllegalStateException(cb.name + ": callbacks return void or int");
      }
      String cls = callbackClass(cb.name);
      s.append("\n  /** The C function pointer type {@code ").append(cb.name).append("}. */\n")
          .append("  public static class ").append(cls).append(" extends FunctionPointer {\n")
          .append("    static {\n      Loader.load();\n    }\n\n")
          .append("    protected ").append(cls).append("() {\n      allocate();\n    }\n\n")
          .append("    private native void allocate();\n\n")
          .append("    /** Invoked from the native side; subclasses override it. */\n")
          .append("    public ").append(cb.returnType).append(" call(")
          .append(javaParams(cb.params, null))
          .append(cb.returnType.equals("void") ? ") {}\n" : ") {\n      return 0;\n    }\n")
          .append("  }\n");
    }
    for (Function f : h.functions) {
      int overloads = 1;
      for (Param p : f.params) {
        if (p.type.equals("const void*")) {
          overloads = VOID_ARRAYS.length;
        }
      }
      for (int o = 0; o < overloads; o++) {
        s.append("\n  /** {@code ").append(signature(f)).append("}. */\n");
        s.append("  public static native ").append(javaReturn(f)).append(' ').append(f.name);
        s.append('(').append(javaParams(f.params, VOID_ARRAYS[o])).append(");\n");
      }
    }
    return s.append("}\n").toString();
  }

  /** The Java types a {@code const void*} source of bytes is bound as, one overload each. */
  private static final String[] VOID_ARRAYS = {
    "float[]", "double[]", "int[]", "long[]", "byte[]", "long"
  };

  private static String callbackClass(String typedef) {
    String base = typedef.replaceFirst("^mln_", "").replaceFirst("_fn$", "");
    return camel(base, true) + "Callback";
  }

  private static String camel(String snake, boolean upperFirst) {
    StringBuilder b = new StringBuilder();
    boolean up = upperFirst;
    for (char c : snake.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  private static String signature(Function f) {
    return f.returnType
        + " "
        + f.name
        + "("
        + f.params.stream().map(p -> p.type + " " + p.name).collect(Collectors.joining(", "))
        + ")";
  }

  private static String javaReturn(Function f) {
    switch (f.returnType) {
      case "void":
      case "int":
      case "double":
        return f.returnType;
      case "int64_t":
        return "long";
      case "uint64_t":
      case "size_t":
        return "@Cast(\"" + f.returnType + "\") long";
      case "const char*":
        return "@Cast(\"const char*\") String";
      case "mln_tensor*":
      case "mln_plan*":
      case "void*":
        return "@Cast(\"intptr_t\") long";
      default:
        throw new IllegalStateException(
            f.name + ": no Java binding for the return type '" + f.returnType + "'");
    }
  }

  private static String javaParams(List<Param> ps, String voidArray) {
    List<String> out = new ArrayList<>();
    for (Param p : ps) {
      out.add(javaType(p, voidArray) + " " + p.name);
    }
    return String.join(", ", out);
  }

  private static String javaType(Param p, String voidArray) {
    String cast = "@Cast(\"" + p.type + "\") ";
    switch (p.type) {
      case "int":
        return "int";
      case "double":
        return "double";
      case "int64_t":
      case "uint64_t":
      case "size_t":
        return cast + "long";
      case "const char*":
        return cast + "String";
      case "const int*":
      case "int*":
        return cast + "int[]";
      case "const int64_t*":
      case "int64_t*":
      case "mln_tensor**":
      case "mln_tensor* const*":
        return cast + "long[]";
      case "const double*":
      case "double*":
        return cast + "double[]";
      case "const void*":
        return cast + voidArray;
      case "void*":
      case "mln_tensor*":
      case "const mln_tensor*":
      case "mln_plan*":
      case "const mln_plan*":
        return cast + "long";
      default:
        if (p.type.endsWith("_fn")) {
          return "NativeCore." + callbackClass(p.type);
        }
        throw new IllegalStateException(
            p.name + ": no Java binding for the parameter type '" + p.type + "'");
    }
  }

  /** The package-private {@code dev.myelin.OpCodes}: op codes, differentiability, dense fusion. */
  public static String opCodes(Header h) {
    StringBuilder s = new StringBuilder(GENERATED);
    s.append("package dev.myelin;\n\n")
        .append("/** The native op codes of myelin.h, which are differentiable, and which fuse. */\n")
        .append("final class OpCodes {\n")
        .append("  private OpCodes() {}\n");
    String[][] families = {
      {"mln_unary_op", "unary"}, {"mln_binary_op", "binary"}, {"mln_reduce_op", "reduce"}
    };
    for (String[] fam : families) {
      CEnum e = h.enumNamed(fam[0]);
      List<Constant> ops = ops(e);
      s.append("\n  // ").append(fam[0]).append('\n');
      for (Constant c : ops) {
        s.append("  static final int ").append(c.name.substring(4)).append(" = ");
        s.append(c.value).append(";\n");
      }
      TreeMap<Integer, Boolean> grad = new TreeMap<>();
      for (Constant c : ops) {
        grad.put(c.value, !c.tags.contains("nograd"));
      }
      String table = fam[1].toUpperCase(Locale.ROOT) + "_DIFFERENTIABLE";
      s.append("\n  private static final boolean[] ").append(table).append(" = {");
      s.append(
          grad.values().stream().map(String::valueOf).collect(Collectors.joining(", ")));
      s.append("};\n\n");
      s.append("  /** Whether the ").append(fam[1]).append(" op {@code code} has a gradient. */\n");
      s.append("  static boolean ").append(fam[1]).append("Differentiable(int code) {\n");
      s.append("    return code >= 0 && code < ").append(table).append(".length && ");
      s.append(table).append("[code];\n  }\n");
    }
    List<String> dense = h.lists.get("MLN_DENSE_ACTIVATIONS");
    if (dense == null) {
      throw new IllegalStateException("myelin.h: no MLN_DENSE_ACTIVATIONS(X) list");
    }
    List<String> names = new ArrayList<>();
    names.add("linear");
    s.append("\n  /** The code of the activation {@code name} mln_dense fuses (0: linear), else -1. */\n")
        .append("  static int denseActivation(String name) {\n")
        .append("    if (name == null) {\n      return 0;\n    }\n")
        .append("    switch (name) {\n      case \"linear\":\n        return 0;\n");
    for (String op : dense) {
      String keras = op.substring(4).toLowerCase(Locale.ROOT);
      names.add(keras);
      s.append("      case \"").append(keras).append("\":\n        return ");
      s.append(op.substring(4)).append(";\n");
    }
    s.append("      default:\n        return -1;\n    }\n  }\n\n");
    String joined =
        String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1);
    s.append("  /** The names {@link #denseActivation} accepts, for messages. */\n")
        .append("  static final String DENSE_ACTIVATION_NAMES = \"").append(joined).append("\";\n");
    return s.append("}\n").toString();
  }

  /** The constants of an op enum without its {@code *_COUNT} sentinel. */
  private static List<Constant> ops(CEnum e) {
    return e.constants.stream().filter(c -> !c.name.endsWith("_COUNT")).toList();
  }

  /** The public enum {@code dev.myelin.optimizers.OptimizerKind}. */
  public static String optimizerKind(Header h) {
    StringBuilder s = new StringBuilder(GENERATED);
    s.append("package dev.myelin.optimizers;\n\n")
        .append("/** The fused native optimizer updates ({@code mln_optimizer_kind} of myelin.h). */\n")
        .append("public enum OptimizerKind {\n");
    List<String> rows = new ArrayList<>();
    for (Constant c : ops(h.enumNamed("mln_optimizer_kind"))) {
      String kind = c.name.substring("MLN_OPT_".length());
      int count = h.value("MLN_HP_" + kind + "_COUNT");
      rows.add(
          "  /** {@code "
              + c.name
              + "}. */\n  "
              + kind
              + "("
              + c.value
              + ", "
              + count
              + ")");
    }
    s.append(String.join(",\n", rows)).append(";\n\n")
        .append("  private final int code;\n  private final int hyperparameterCount;\n\n")
        .append("  OptimizerKind(int code, int hyperparameterCount) {\n")
        .append("    this.code = code;\n    this.hyperparameterCount = hyperparameterCount;\n  }\n\n")
        .append("  /** The native code passed to {@code mln_optimizer_update}. */\n")
        .append("  public int code() {\n    return code;\n  }\n\n")
        .append("  /** How many hyperparameters the update takes (the common ones included). */\n")
        .append("  public int hyperparameterCount() {\n    return hyperparameterCount;\n  }\n")
        .append("}\n");
    return s.toString();
  }

  /** The package-private {@code dev.myelin.optimizers.HyperparameterIndex}. */
  public static String hyperparameterIndex(Header h) {
    StringBuilder s = new StringBuilder(GENERATED);
    s.append("package dev.myelin.optimizers;\n\n")
        .append("/** Where each hyperparameter goes in mln_optimizer_update's array ({@code mln_hparam}). */\n")
        .append("final class HyperparameterIndex {\n")
        .append("  private HyperparameterIndex() {}\n\n");
    for (Constant c : h.enumNamed("mln_hparam").constants) {
      s.append("  static final int ").append(c.name.substring("MLN_HP_".length()));
      s.append(" = ").append(c.value).append(";\n");
    }
    return s.append("}\n").toString();
  }

  /** Every generated file: path under the output folder to its text. */
  public static Map<String, String> generate(Header h) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("dev/myelin/internal/NativeCore.java", nativeCore(h));
    files.put("dev/myelin/OpCodes.java", opCodes(h));
    files.put("dev/myelin/optimizers/OptimizerKind.java", optimizerKind(h));
    files.put("dev/myelin/optimizers/HyperparameterIndex.java", hyperparameterIndex(h));
    return files;
  }

  /** Reads every {@code .cpp} and {@code .hpp} file under {@code dir}: path to text. */
  public static Map<String, String> sources(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      Map<String, String> out = new TreeMap<>();
      for (Path p : files.filter(p -> p.toString().matches(".*\\.(cpp|hpp)$")).toList()) {
        out.put(dir.relativize(p).toString(), Files.readString(p));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code java BindingGenerator.java [--native] HEADER NATIVE_SRC OUT_DIR}: the Java side, or
   * with {@code --native} (run by CMake) the generated recording prologue.
   */
  public static void main(String[] args) throws IOException {
    boolean nativeSide = args.length == 4 && args[0].equals("--native");
    if (nativeSide) {
      args = java.util.Arrays.copyOfRange(args, 1, 4);
    }
    if (args.length != 3) {
      System.err.println("usage: BindingGenerator [--native] HEADER NATIVE_SRC_DIR OUT_DIR");
      System.exit(2);
    }
    Header h = parse(Files.readString(Path.of(args[0])));
    Map<String, String> sources = sources(Path.of(args[1]));
    List<String> problems = new ArrayList<>(recordingProblems(h, sources));
    problems.addAll(nameTableProblems(h, sources));
    if (!problems.isEmpty()) {
      System.err.println("native-src disagrees with myelin.h:");
      problems.forEach(p -> System.err.println("  " + p));
      System.exit(1);
    }
    Path out = Path.of(args[2]);
    for (Map.Entry<String, String> f :
        (nativeSide ? generateNative(h, sources) : generate(h)).entrySet()) {
      Path p = out.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      // unchanged files keep their timestamps so the compiler does not rebuild everything
      if (!Files.exists(p) || !Files.readString(p).equals(f.getValue())) {
        Files.writeString(p, f.getValue());
      }
    }
  }
}
