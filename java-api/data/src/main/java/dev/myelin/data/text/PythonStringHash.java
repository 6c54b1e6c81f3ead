package dev.myelin.data.text;

/**
 * CPython's string hash with a zero SipHash key (what {@code PYTHONHASHSEED=0} gives): SipHash-1-3
 * (CPython 3.11 and later) over the bytes of the string's compact storage, 1, 2 or 4 bytes per code
 * point depending on its largest code point.
 */
final class PythonStringHash {
  private PythonStringHash() {}

  /** {@code hash(s)} as CPython 3.11+ computes it with {@code PYTHONHASHSEED=0}. */
  static long hash(String s) {
    int[] cps = s.codePoints().toArray();
    if (cps.length == 0) {
      return 0;
    }
    int max = 0;
    for (int c : cps) {
      max = Math.max(max, c);
    }
    int width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    byte[] b = new byte[cps.length * width];
    for (int i = 0; i < cps.length; i++) {
      for (int k = 0; k < width; k++) {
        b[i * width + k] = (byte) (cps[i] >>> (8 * k)); // little-endian, as on x86 and arm64
      }
    }
    long h = sipHash13(b);
    return h == -1 ? -2 : h;
  }

  private static long sipHash13(byte[] m) {
    long v0 = 0x736f6d6570736575L;
    long v1 = 0x646f72616e646f6dL;
    long v2 = 0x6c7967656e657261L;
    long v3 = 0x7465646279746573L;
    int n = m.length;
    int blocks = n / 8;
    for (int i = 0; i < blocks; i++) {
      long w = word(m, i * 8, 8);
      v3 ^= w;
      long[] v = round(v0, v1, v2, v3);
      v0 = v[0] ^ w;
      v1 = v[1];
      v2 = v[2];
      v3 = v[3];
    }
    long last = ((long) n & 0xff) << 56 | word(m, blocks * 8, n - blocks * 8);
    v3 ^= last;
    long[] v = round(v0, v1, v2, v3);
    v0 = v[0] ^ last;
    v2 = v[2] ^ 0xff;
    v1 = v[1];
    v3 = v[3];
    for (int r = 0; r < 3; r++) {
      v = round(v0, v1, v2, v3);
      v0 = v[0];
      v1 = v[1];
      v2 = v[2];
      v3 = v[3];
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private static long word(byte[] m, int off, int len) {
    long w = 0;
    for (int k = 0; k < len; k++) {
      w |= (m[off + k] & 0xffL) << (8 * k);
    }
    return w;
  }

  private static long[] round(long v0, long v1, long v2, long v3) {
    v0 += v1;
    v1 = Long.rotateLeft(v1, 13);
    v1 ^= v0;
    v0 = Long.rotateLeft(v0, 32);
    v2 += v3;
    v3 = Long.rotateLeft(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = Long.rotateLeft(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = Long.rotateLeft(v1, 17);
    v1 ^= v2;
    v2 = Long.rotateLeft(v2, 32);
    return new long[] {v0, v1, v2, v3};
  }
}
