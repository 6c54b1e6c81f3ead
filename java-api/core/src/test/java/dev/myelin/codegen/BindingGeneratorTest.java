package dev.myelin.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void noKernelWritesItsOwnPrologue() throws Exception {
    BindingGenerator.Header h = BindingGenerator.parse(header());
    assertEquals(
        Map.of(),
        BindingGenerator.handWrittenPrologues(h, BindingGenerator.sources(NATIVE.resolve("src"))));
  }

  @Test
  void thePrologueIsGeneratedFromTheHeaderWithEachArraysLength() throws Exception {
    BindingGenerator.Header h = BindingGenerator.parse(header());
    Map<String, String> sources = BindingGenerator.sources(NATIVE.resolve("src"));
    Map<String, String> files = BindingGenerator.generateNative(h, sources);
    String cpp = files.get("recording.gen.cpp");
    String names = files.get("impl_names.gen.h");
    assertTrue(
        cpp.contains(
            "mln_tensor* mln_permute(const mln_tensor* x, const int* perm) {\n"
                + "  if (::mln::plan::recording())\n"
                + "    return ::mln::plan::record(\"mln_permute\", &mln_permute__impl, x,"
                + " ::mln::plan::in(perm, ::mln::plan::rank_of(x)));\n"
                + "  return mln_permute__impl(x, perm);\n}"),
        cpp);
    assertTrue(
        cpp.contains(
            "::mln::plan::record(\"mln_optimizer_update\", &mln_optimizer_update__impl, kind, var,"
                + " grad, ::mln::plan::tensors(slots, nslots), nslots,"
                + " ::mln::plan::hparams(hparams, nhparams), nhparams, ::mln::plan::step(step));"),
        cpp);
    assertTrue(
        cpp.contains(
            "  if (::mln::plan::recording()) ::mln::plan::not_replayable(\"random_normal (random"
                + " draws)\");\n  return mln_random_normal__impl("),
        cpp);
    // the convolutions' and recurrent layers' captures, once hand-written in conv.cpp and rnn.cpp
    assertTrue(
        cpp.contains(
            "::mln::plan::record(\"mln_conv_transpose\", &mln_conv_transpose__impl, x, w, b,"
                + " ::mln::plan::in(out_size, ::mln::plan::rank_of(x) - 2),"
                + " ::mln::plan::in(geom, 4 * (::mln::plan::rank_of(x) - 2)), act);"),
        cpp);
    assertTrue(
        cpp.contains(
            "::mln::plan::record(\"mln_rnn_backward\", &mln_rnn_backward__impl, cell, activation,"
                + " recurrent_activation, flags, hard_sigmoid_slope,"
                + " ::mln::plan::tensors(in, MLN_RNN_INPUTS + 4), ::mln::plan::outs(grads, 6));"),
        cpp);
    assertTrue(names.contains("#define mln_unary mln_unary__impl\n"), names);
    // every function a plan must see, and only those, has a generated prologue
    int recorded = 0;
    for (BindingGenerator.Function f : h.functions()) {
      boolean generated = names.contains("#define " + f.name() + " " + f.name() + "__impl\n");
      boolean mustRecord =
          (f.touchesTensors() && !f.tags().contains("norecord"))
              || f.tags().contains("untraceable");
      assertEquals(mustRecord, generated, f.name());
      recorded += mustRecord ? 1 : 0;
    }
    assertTrue(recorded > 50, "recorded functions: " + recorded);
  }

  @Test
  void anArrayWithoutItsLengthOrAMisnamedTagIsReported() {
    BindingGenerator.Header h =
        BindingGenerator.parse(
            "/** Reshaped. */\n"
                + "mln_tensor* mln_shaped(const mln_tensor* x, int ndim, const int64_t* shape);\n"
                + "/** Filled. @in(dims, ndim) */\n"
                + "mln_tensor* mln_filled(int ndim, const int64_t* shape, double v);\n"
                + "int mln_fill(mln_tensor* x, double v);\n"
                + "/** A view. @norecord (test) */\n"
                + "mln_tensor* mln_view(mln_tensor* x);\n"
                + "/** Counted. @in(shape, ndim) */\n"
                + "mln_tensor* mln_counted(int ndim, const int64_t* shape);\n"
                + "mln_tensor* mln_nowhere(const mln_tensor* x);\n");
    Map<String, String> sources =
        Map.of(
            "a.cpp",
            "mln_tensor* mln_shaped(const mln_tensor* x, int ndim, const int64_t* shape) {\n"
                + "  return x;\n}\n"
                + "mln_tensor* mln_filled(int ndim, const int64_t* shape, double v) { return 0; }\n"
                + "int mln_fill(mln_tensor* x, double v) {\n  MLN_RECORD(mln_twice, x, v);\n}\n"
                + "mln_tensor* mln_view(mln_tensor* x) { return x; }\n"
                + "mln_tensor* mln_counted(int ndim, const int64_t* shape) { return 0; }\n");
    List<String> problems = BindingGenerator.recordingProblems(h, sources);
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("mln_shaped: parameter 'shape' (const int64_t*) is an array"),
        problems.get(0));
    assertTrue(problems.get(1).startsWith("mln_filled: parameter 'shape'"), problems.get(1));
    assertEquals("mln_filled: a capture tag names 'dims', which is no parameter", problems.get(2));
    assertTrue(
        problems.get(3).startsWith("mln_fill (a.cpp) begins with a hand-written MLN_RECORD"),
        problems.get(3));
    assertTrue(problems.get(4).startsWith("mln_nowhere is declared in myelin.h but defined"));
    String cpp = BindingGenerator.generateNative(h, sources).get("recording.gen.cpp");
    assertTrue(
        cpp.contains(
            "record(\"mln_counted\", &mln_counted__impl, ndim, ::mln::plan::in(shape, ndim));"),
        cpp);
    assertFalse(cpp.contains("mln_view"), cpp);
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
