package dev.myelin.data.random;

/** The MT19937 generator with numpy's two seeding procedures (init_genrand and init_by_array). */
final class MersenneTwister {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] key = new int[N];
  private int pos;

  /** Seeds with a single 32-bit value, as numpy's {@code mt19937_seed}. */
  void seed(int seed) {
    int s = seed;
    for (int i = 0; i < N; i++) {
      key[i] = s;
      s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
    }
    pos = N;
  }

  /** Seeds with an array of 32-bit values, as numpy's {@code mt19937_init_by_array}. */
  void seedByArray(int[] initKey) {
    seed(19650218);
    int i = 1;
    int j = 0;
    int length = initKey.length;
    for (int k = Math.max(N, length); k > 0; k--) {
      key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >>> 30)) * 1664525)) + initKey[j] + j;
      i++;
      j++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
      if (j >= length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
    }
    key[0] = UPPER_MASK;
    pos = N;
  }

  private void generate() {
    int y;
    int i;
    for (i = 0; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    pos = 0;
  }

  /** The next 32 random bits, as an unsigned value held in an int. */
  int next32() {
    if (pos == N) {
      generate();
    }
    int y = key[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /** The next 64 random bits: the first 32-bit draw is the high word, as in numpy. */
  long next64() {
    long high = next32() & 0xffffffffL;
    long low = next32() & 0xffffffffL;
    return (high << 32) | low;
  }

  /** A double in [0, 1) with 53 random bits: {@code ((a >> 5) * 2^26 + (b >> 6)) / 2^53}. */
  double nextDouble() {
    long a = (next32() >>> 5) & 0xffffffffL;
    long b = (next32() >>> 6) & 0xffffffffL;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
}
