package dev.myelin.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the arrays of a numpy {@code .npz} archive as Keras's datasets store them: numeric arrays
 * (little-endian integers and floats) and object arrays of integer lists (ragged sequences, which
 * numpy pickles). The pickle reader only rebuilds numpy arrays of lists and numbers, as Keras's
 * restricted unpickler does; anything else fails.
 */
public final class NpzFile {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");

  private NpzFile() {}

  /** One array: its shape and either numbers ({@code longs} or {@code doubles}) or lists. */
  public record Array(long[] shape, long[] longs, double[] doubles, List<long[]> lists) {
    /** The values as ints (integer arrays only; each value must fit an int). */
    public int[] toIntArray() {
      if (longs == null) {
        throw new IllegalStateException("NpzFile.Array: not an integer array");
      }
      int[] out = new int[longs.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.toIntExact(longs[i]);
      }
      return out;
    }

    /** The rows of a ragged (object) array, or of a 2-D integer array, as int sequences. */
    public List<int[]> toSequences() {
      List<int[]> out = new ArrayList<>();
      if (lists != null) {
        for (long[] l : lists) {
          int[] s = new int[l.length];
          for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(l[i]);
          }
          out.add(s);
        }
        return out;
      }
      if (longs == null || shape.length != 2) {
        throw new IllegalStateException(
            "NpzFile.Array: expected an object array of lists or a 2-D integer array but was shape "
                + Arrays.toString(shape));
      }
      int cols = (int) shape[1];
      for (int r = 0; r < shape[0]; r++) {
        int[] s = new int[cols];
        for (int c = 0; c < cols; c++) {
          s[c] = Math.toIntExact(longs[r * cols + c]);
        }
        out.add(s);
      }
      return out;
    }
  }

  /** Every array of the archive by name (without {@code .npy}). */
  public static Map<String, Array> read(Path path) {
    Map<String, Array> out = new HashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name =
            e.getName().endsWith(".npy")
                ? e.getName().substring(0, e.getName().length() - 4)
                : e.getName();
        try (InputStream in = zip.getInputStream(e)) {
          out.put(name, readNpy(in.readAllBytes(), path + ":" + e.getName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("NpzFile: cannot read " + path, e);
    }
    return out;
  }

  static Array readNpy(byte[] b, String where) {
    if (b.length < 10
        || b[0] != (byte) 0x93
        || !new String(b, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
      throw bad(where, "the .npy magic \\x93NUMPY", "other bytes");
    }
    int major = b[6];
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLen = bb.getInt(8);
      start = 12;
    } else {
      throw bad(where, ".npy version 1, 2 or 3", major);
    }
    if (headerLen < 0 || start + headerLen > b.length) {
      throw bad(where, "a header inside the file", headerLen + " bytes");
    }
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    int data = start + headerLen;
    String descr = group(DESCR, header, where, "descr");
    long[] shape = parseShape(group(SHAPE, header, where, "shape"));
    boolean fortran = group(FORTRAN, header, where, "fortran_order").equals("True");
    long count = 1;
    for (long s : shape) {
      if (s < 0 || (s > 0 && count > (b.length + 1L) / s)) {
        // A dimension no file of this size can hold: refuse before allocating anything.
        throw bad(where, "dimensions that fit in " + b.length + " bytes", Arrays.toString(shape));
      }
      count *= s;
    }
    if (fortran && shape.length > 1) {
      throw bad(where, "C order", "Fortran order");
    }
    ByteBuffer body =
        ByteBuffer.wrap(b, data, b.length - data).slice().order(ByteOrder.LITTLE_ENDIAN);
    switch (descr) {
      case "|O":
        return new Array(shape, null, null, new Unpickler(b, data, where).objectArray(count));
      case "<i8", "<u8", "<i4", "<u4", "<i2", "<u2", "|i1", "|u1", "|b1":
        {
          int size = Integer.parseInt(descr.substring(2));
          checkSize(body, count, size, where);
          long[] v = new long[(int) count];
          for (int i = 0; i < v.length; i++) {
            v[i] =
                switch (descr) {
                  case "<i8", "<u8" -> body.getLong(i * 8);
                  case "<i4" -> body.getInt(i * 4);
                  case "<u4" -> body.getInt(i * 4) & 0xffffffffL;
                  case "<i2" -> body.getShort(i * 2);
                  case "<u2" -> body.getShort(i * 2) & 0xffff;
                  case "|i1" -> body.get(i);
                  default -> body.get(i) & 0xff;
                };
          }
          return new Array(shape, v, null, null);
        }
      case "<f8", "<f4":
        {
          int size = descr.equals("<f8") ? 8 : 4;
          checkSize(body, count, size, where);
          double[] v = new double[(int) count];
          for (int i = 0; i < v.length; i++) {
            v[i] = size == 8 ? body.getDouble(i * 8) : body.getFloat(i * 4);
          }
          return new Array(shape, null, v, null);
        }
      default:
        throw bad(where, "an integer, float or object dtype", "'" + descr + "'");
    }
  }

  private static void checkSize(ByteBuffer body, long count, int size, String where) {
    if (body.remaining() < count * size) {
      throw bad(where, count * size + " data bytes", body.remaining());
    }
  }

  private static long[] parseShape(String s) {
    List<Long> dims = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        dims.add(Long.parseLong(p.strip()));
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static String group(Pattern p, String header, String where, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw bad(where, "a header with '" + key + "'", "'" + header.strip() + "'");
    }
    return m.group(1);
  }

  static IllegalArgumentException bad(String where, String expected, Object actual) {
    return new IllegalArgumentException(
        "NpzFile: " + where + ": expected " + expected + " but was " + actual);
  }

  /**
   * A pickle reader for numpy object arrays of integer lists: it knows the opcodes numpy's pickles
   * of such arrays use (protocols 2 to 5) and builds only tuples, lists, numbers, strings, bytes
   * and the {@code _reconstruct}/{@code dtype} calls; any other global fails.
   */
  private static final class Unpickler {
    private final byte[] b;
    private int pos;
    private final String where;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private record Global(String module, String name) {}

    private record Call(Global fn, List<Object> args, Object[] state) {}

    Unpickler(byte[] b, int pos, String where) {
      this.b = b;
      this.pos = pos;
      this.where = where;
    }

    List<long[]> objectArray(long count) {
      Object root = load();
      if (!(root instanceof Call c)
          || !(c.state[0] instanceof Object[] state)
          || state.length == 0) {
        throw bad(where, "a pickled numpy array", describe(root));
      }
      // ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata or list))
      Object items = state[state.length - 1];
      if (!(items instanceof List<?> list) || list.size() != count) {
        throw bad(where, count + " pickled objects", describe(items));
      }
      List<long[]> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(toLongs(list.get(i), i));
      }
      return out;
    }

    private long[] toLongs(Object o, int i) {
      List<?> l;
      if (o instanceof List<?> list) {
        l = list;
      } else if (o instanceof Call c
          && c.state[0] instanceof Object[] st
          && st[st.length - 1] instanceof byte[] raw) {
        // A nested int64 ndarray: its raw little-endian buffer.
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[raw.length / 8];
        for (int k = 0; k < v.length; k++) {
          v[k] = bb.getLong(k * 8);
        }
        return v;
      } else {
        throw bad(where, "object " + i + " to be a list of integers", describe(o));
      }
      long[] v = new long[l.size()];
      for (int k = 0; k < v.length; k++) {
        if (!(l.get(k) instanceof Long n)) {
          throw bad(where, "object " + i + " to hold integers", describe(l.get(k)));
        }
        v[k] = n;
      }
      return v;
    }

    private static String describe(Object o) {
      return o == null ? "None" : o.getClass().getSimpleName();
    }

    private int u8() {
      need(1);
      return b[pos++] & 0xff;
    }

    private void need(long n) {
      if (n < 0 || pos + n > b.length) {
        throw bad(where, n + " more pickle bytes", (b.length - pos) + " left");
      }
    }

    private long le(int n) {
      need(n);
      long v = 0;
      for (int k = 0; k < n; k++) {
        v |= (b[pos + k] & 0xffL) << (8 * k);
      }
      pos += n;
      return v;
    }

    private byte[] bytes(long n) {
      need(n);
      byte[] r = Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return r;
    }

    private String line() {
      int start = pos;
      while (pos < b.length && b[pos] != '\n') {
        pos++;
      }
      need(1);
      String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
      pos++;
      return s;
    }

    private Object pop() {
      if (stack.isEmpty()) {
        throw bad(where, "a value on the pickle stack", "an empty stack");
      }
      return stack.remove(stack.size() - 1);
    }

    private Object peek() {
      if (stack.isEmpty()) {
        throw bad(where, "a value on the pickle stack", "an empty stack");
      }
      return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
      if (marks.isEmpty()) {
        throw bad(where, "a pickle MARK", "none");
      }
      int m = marks.remove(marks.size() - 1);
      List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
      stack.subList(m, stack.size()).clear();
      return items;
    }

    @SuppressWarnings("unchecked")
    private Object load() {
      while (true) {
        int op = u8();
        switch (op) {
          case 0x80 -> u8(); // PROTO
          case 0x95 -> le(8); // FRAME
          case '.' -> {
            return pop(); // STOP
          }
          case '(' -> marks.add(stack.size());
          case ')' -> stack.add(new Object[0]);
          case 't' -> stack.add(popMark().toArray());
          case 0x85 -> stack.add(new Object[] {pop()});
          case 0x86 -> {
            Object y = pop();
            stack.add(new Object[] {pop(), y});
          }
          case 0x87 -> {
            Object z = pop();
            Object y = pop();
            stack.add(new Object[] {pop(), y, z});
          }
          case ']' -> stack.add(new ArrayList<>());
          case 'l' -> stack.add(new ArrayList<>(popMark()));
          case 'a' -> {
            Object v = pop();
            if (stack.isEmpty() || !(stack.get(stack.size() - 1) instanceof List<?>)) {
              throw bad(
                  where,
                  "a list before APPEND",
                  describe(stack.isEmpty() ? null : stack.get(stack.size() - 1)));
            }
            ((List<Object>) stack.get(stack.size() - 1)).add(v);
          }
          case 'e' -> {
            List<Object> items = popMark();
            Object top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            if (!(top instanceof List<?>)) {
              throw bad(where, "a list before APPENDS", describe(top));
            }
            ((List<Object>) top).addAll(items);
          }
          case 'J' -> stack.add((long) (int) le(4));
          case 'K' -> stack.add((long) u8());
          case 'M' -> stack.add(le(2));
          case 0x8a -> {
            int n = u8();
            byte[] raw = bytes(n);
            long v = 0;
            for (int k = Math.min(n, 8) - 1; k >= 0; k--) {
              v = (v << 8) | (raw[k] & 0xff);
            }
            if (n > 0 && n < 8 && (raw[n - 1] & 0x80) != 0) {
              v -= 1L << (8 * n); // sign-extend
            }
            stack.add(v);
          }
          case 'N' -> stack.add(null);
          case 0x88 -> stack.add(Boolean.TRUE);
          case 0x89 -> stack.add(Boolean.FALSE);
          case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(le(8))));
          case 'X' -> stack.add(new String(bytes(le(4)), StandardCharsets.UTF_8));
          case 0x8c -> stack.add(new String(bytes(u8()), StandardCharsets.UTF_8));
          case 'C' -> stack.add(bytes(u8()));
          case 'B' -> stack.add(bytes(le(4)));
          case 0x8e -> stack.add(bytes(le(8)));
          case 'U' -> stack.add(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
          case 'T' -> stack.add(new String(bytes(le(4)), StandardCharsets.ISO_8859_1));
          case 'c' -> stack.add(global(line(), line()));
          case 0x93 -> {
            Object name = pop();
            Object module = pop();
            if (!(name instanceof String n) || !(module instanceof String m)) {
              throw bad(
                  where,
                  "two strings before STACK_GLOBAL",
                  describe(module) + ", " + describe(name));
            }
            stack.add(global(m, n));
          }
          case 0x94 -> memo.put(memo.size(), peek());
          case 'q' -> memo.put(u8(), peek());
          case 'r' -> memo.put((int) le(4), peek());
          case 'h' -> stack.add(memoGet(u8()));
          case 'j' -> stack.add(memoGet((int) le(4)));
          case 'R' -> {
            Object args = pop();
            Object fn = pop();
            if (!(fn instanceof Global g) || !(args instanceof Object[] a)) {
              throw bad(where, "a numpy reconstruct call", describe(fn));
            }
            stack.add(new Call(g, Arrays.asList(a), new Object[1]));
          }
          case 'b' -> {
            Object state = pop();
            Object top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            if (!(top instanceof Call c) || !(state instanceof Object[] s)) {
              throw bad(where, "BUILD on a numpy object", describe(top));
            }
            c.state[0] = s;
          }
          default ->
              throw bad(
                  where,
                  "a pickle opcode of a numpy array of lists",
                  String.format("opcode 0x%02x at byte %d", op, pos - 1));
        }
      }
    }

    private Object memoGet(int k) {
      if (!memo.containsKey(k)) {
        throw bad(where, "pickle memo entry " + k, "none");
      }
      return memo.get(k);
    }

    private Global global(String module, String name) {
      boolean allowed =
          (module.equals("numpy") && (name.equals("ndarray") || name.equals("dtype")))
              || ((module.equals("numpy.core.multiarray")
                      || module.equals("numpy._core.multiarray"))
                  && name.equals("_reconstruct"));
      if (!allowed) {
        throw bad(where, "only numpy array globals in the pickle", "'" + module + "." + name + "'");
      }
      return new Global(module, name);
    }
  }
}
