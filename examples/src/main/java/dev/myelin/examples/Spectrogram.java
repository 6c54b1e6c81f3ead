package dev.myelin.examples;

/**
 * The power spectral density over time that matplotlib's {@code plt.specgram(snd, NFFT=1024,
 * Fs=44100)} draws: segments of {@code nfft} samples overlapping by {@code noverlap} (matplotlib's
 * default 128), each multiplied by a symmetric Hann window ({@code np.hanning}), transformed, and
 * scaled to a one-sided density ({@code |X|^2 / (fs * sum(window^2))}, doubled except at 0 and
 * Nyquist).
 *
 * @param psd {@code psd[f][t]}: frequency bin {@code f} (0 .. nfft/2) of segment {@code t}
 * @param frequencies each bin's frequency in Hz
 * @param times each segment's centre in seconds
 */
public record Spectrogram(double[][] psd, double[] frequencies, double[] times) {

  /** Computes the spectrogram of {@code x}; {@code nfft} must be a power of two. */
  public static Spectrogram of(double[] x, int nfft, double fs, int noverlap) {
    if (nfft < 2 || Integer.bitCount(nfft) != 1) {
      throw new IllegalArgumentException(
          "Spectrogram: argument 'nfft' expected a power of two >= 2 but was " + nfft);
    }
    if (noverlap < 0 || noverlap >= nfft) {
      throw new IllegalArgumentException(
          "Spectrogram: argument 'noverlap' expected 0 <= noverlap < "
              + nfft
              + " but was "
              + noverlap);
    }
    if (x.length < nfft) {
      throw new IllegalArgumentException(
          "Spectrogram: argument 'x' expected at least " + nfft + " samples but was " + x.length);
    }
    int step = nfft - noverlap;
    int segments = (x.length - nfft) / step + 1;
    double[] window = new double[nfft];
    double windowPower = 0;
    for (int n = 0; n < nfft; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (nfft - 1));
      windowPower += window[n] * window[n];
    }
    int bins = nfft / 2 + 1;
    double[][] psd = new double[bins][segments];
    double[] re = new double[nfft];
    double[] im = new double[nfft];
    for (int t = 0; t < segments; t++) {
      for (int n = 0; n < nfft; n++) {
        re[n] = x[t * step + n] * window[n];
        im[n] = 0;
      }
      fft(re, im);
      for (int f = 0; f < bins; f++) {
        double p = (re[f] * re[f] + im[f] * im[f]) / (fs * windowPower);
        psd[f][t] = f == 0 || f == bins - 1 ? p : 2 * p;
      }
    }
    double[] freqs = new double[bins];
    for (int f = 0; f < bins; f++) {
      freqs[f] = f * fs / nfft;
    }
    double[] times = new double[segments];
    for (int t = 0; t < segments; t++) {
      times[t] = (t * step + nfft / 2.0) / fs;
    }
    return new Spectrogram(psd, freqs, times);
  }

  /** {@code 10 log10(psd)}, highest frequency first (the rows of an image drawn top-down). */
  public double[][] decibelsTopDown() {
    double[][] out = new double[psd.length][];
    for (int f = 0; f < psd.length; f++) {
      double[] row = psd[psd.length - 1 - f];
      out[f] = new double[row.length];
      for (int t = 0; t < row.length; t++) {
        out[f][t] = 10 * Math.log10(row[t]);
      }
    }
    return out;
  }

  /** In-place iterative radix-2 FFT of {@code (re, im)}, whose length is a power of two. */
  private static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        double ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < len / 2; k++) {
          double wr = Math.cos(angle * k);
          double wi = Math.sin(angle * k);
          int a = start + k;
          int b = a + len / 2;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
