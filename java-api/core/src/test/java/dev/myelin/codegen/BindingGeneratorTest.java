package dev.myelin.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java binding cannot drift from myelin.h: every function and constant of the header (read here
 * with patterns of its own, not the generator's parser) is in the generated NativeCore with its
 * value, and every native function that makes or changes a tensor records itself for plans.
 */
class BindingGeneratorTest {
  private static final Path NATIVE = Path.of("../../native-src");

  private static String header() throws Exception {
    return Files.readString(NATIVE.resolve("include/myelin/myelin.h"));
  }

  private static String withoutComments(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
  }

  @Test
  void everyHeaderFunctionIsBound() throws Exception {
    Set<String> declared = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?m)^[a-z][\\w ]*\\**\\s*(mln_\\w+)\\s*\\(")
            .matcher(withoutComments(header()));
    while (m.find()) {
      declared.add(m.group(1));
    }
    Set<String> bound = new TreeSet<>();
    for (Method method : NativeCore.class.getDeclaredMethods()) {
      if (Modifier.isNative(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
        bound.add(method.getName());
      }
    }
    assertTrue(declared.size() > 70, "functions found in myelin.h: " + declared.size());
    assertEquals(declared, bound);
  }

  @Test
  void everyHeaderConstantHasItsValueInJava() throws Exception {
    Native
        .ensureLoaded(); // reading a field initialises NativeCore, which needs oneDNN loaded first
    Map<String, Integer> constants = new TreeMap<>();
    String text = withoutComments(header());
    Matcher e = Pattern.compile("(MLN_[A-Z0-9_]+)\\s*=\\s*(-?\\d+)").matcher(text);
    while (e.find()) {
      constants.put(e.group(1), Integer.parseInt(e.group(2)));
    }
    Matcher d = Pattern.compile("#define\\s+(MLN_[A-Z0-9_]+)\\s+(-?\\d+)").matcher(text);
    while (d.find()) {
      constants.put(d.group(1), Integer.parseInt(d.group(2)));
    }
    assertTrue(constants.size() > 100, "constants found in myelin.h: " + constants.size());
    for (Map.Entry<String, Integer> c : constants.entrySet()) {
      Field f = NativeCore.class.getField(c.getKey());
      assertEquals(c.getValue(), f.getInt(null), c.getKey());
    }
  }

  @Test
  void everyFunctionThatMakesATensorRecords() throws Exception {
    BindingGenerator.Header h = BindingGenerator.parse(header());
    assertEquals(
        List.of(),
        BindingGenerator.recordingProblems(h, BindingGenerator.sources(NATIVE.resolve("src"))));
  }

  @Test
  void aFunctionThatForgetsToRecordIsReported() {
    BindingGenerator.Header h =
        BindingGenerator.parse(
            "/** Doubles x. */\n"
                + "mln_tensor* mln_twice(const mln_tensor* x);\n"
                + "int mln_fill(mln_tensor* x, double v);\n"
                + "/** A view. @norecord (test) */\n"
                + "mln_tensor* mln_view(mln_tensor* x);\n"
                + "int mln_count(const mln_tensor* x);\n"
                + "mln_tensor* mln_nowhere(const mln_tensor* x);\n");
    Map<String, String> sources =
        Map.of(
            "a.cpp",
            "mln_tensor* mln_twice(const mln_tensor* x) {\n  MLN_TRY\n  return x;\n}\n"
                + "int mln_fill(mln_tensor* x, double v) {\n  MLN_RECORD(mln_twice, x, v);\n}\n"
                + "mln_tensor* mln_view(mln_tensor* x) { return x; }\n"
                + "int mln_count(const mln_tensor* x) { return 1; }\n");
    List<String> problems = BindingGenerator.recordingProblems(h, sources);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("mln_twice (a.cpp) makes or changes a tensor"));
    assertTrue(problems.get(1).startsWith("mln_fill (a.cpp) records as mln_twice"));
    assertTrue(problems.get(2).startsWith("mln_nowhere is declared in myelin.h but defined"));
  }

  @Test
  void nativeOpNameTablesFollowTheHeader() throws Exception {
    BindingGenerator.Header h = BindingGenerator.parse(header());
    Map<String, String> sources = BindingGenerator.sources(NATIVE.resolve("src"));
    assertEquals(List.of(), BindingGenerator.nameTableProblems(h, sources));
    String swapped =
        sources.get("cpu/reduce.cpp").replace("\"LOGSUMEXP\", \"ANY\"", "\"ANY\", \"LOGSUMEXP\"");
    List<String> problems =
        BindingGenerator.nameTableProblems(h, Map.of("cpu/reduce.cpp", swapped));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("kReduceNames (cpu/reduce.cpp) lists"), problems.get(0));
  }

  @Test
  void aNewHeaderFunctionIsBoundWithoutJavaChanges() throws Exception {
    String extended =
        header()
            .replace(
                "#ifdef __cplusplus\n}",
                "/** Bytes a device may hold. */\nint64_t mln_device_budget(int device, const char* name);\n"
                    + "typedef int (*mln_spill_fn)(int64_t bytes);\n"
                    + "void mln_set_spill(mln_spill_fn fn);\n"
                    + "#ifdef __cplusplus\n}");
    String binding = BindingGenerator.nativeCore(BindingGenerator.parse(extended));
    assertTrue(
        binding.contains(
            "public static native long mln_device_budget(int device, @Cast(\"const char*\") String"
                + " name);"),
        binding);
    assertTrue(binding.contains("public static class SpillCallback extends FunctionPointer"));
    assertTrue(binding.contains("public int call(@Cast(\"int64_t\") long bytes) {"), binding);
    assertTrue(binding.contains("mln_set_spill(NativeCore.SpillCallback fn);"), binding);
  }
}
