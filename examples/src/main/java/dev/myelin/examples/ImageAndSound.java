package dev.myelin.examples;

import dev.myelin.data.audio.Wav;
import dev.myelin.data.image.Image;
import dev.myelin.data.image.Images;
import dev.myelin.data.plot.Colormap;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Chapter 2's unstructured data: the ISS photo as an array ({@code np.asarray(img).shape} is {@code
 * (435, 640, 3)}, {@code ravel} gives {@code (835200,)}) and the sound file {@code sms.wav} ({@code
 * wavfile.read}: 44100 Hz, 110250 int16 samples), drawn as a waveform and as the spectrogram of
 * {@code plt.specgram(snd, NFFT=1024, Fs=44100)}.
 */
public final class ImageAndSound {
  /** The figures the book prints for the two files, and the waveform plot. */
  public record Result(
      long[] issShape,
      long issRavel,
      int rate,
      int channels,
      int samples,
      short[] first,
      short[] last,
      Path waveform,
      Spectrogram spectrogram,
      Path specgram) {}

  private ImageAndSound() {}

  /**
   * numpy's repr of a long int16 array from its first and last three values: {@code array([70, 14,
   * 27, ..., 58, 68, 59], dtype=int16)}, every value padded to the widest shown.
   */
  static String int16Repr(short[] first, short[] last) {
    int width = 1;
    for (short[] part : new short[][] {first, last}) {
      for (short v : part) {
        width = Math.max(width, String.valueOf(v).length());
      }
    }
    String cell = "%" + width + "d";
    StringBuilder s = new StringBuilder("array([");
    for (int i = 0; i < first.length; i++) {
      s.append(Book.fmt(cell, first[i])).append(", ");
    }
    s.append("...");
    for (short v : last) {
      s.append(", ").append(Book.fmt(cell, v));
    }
    return s.append("], dtype=int16)").toString();
  }

  /** Reads iss.jpg and sms.wav from {@code data}; plots the sound into {@code out}. */
  public static Result run(Path data, Path out, boolean print) throws IOException {
    Image iss = Images.read(data.resolve("iss.jpg"));
    long[] shape = Arrays.stream(iss.shape()).asLongStream().toArray();
    long ravel = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    Wav sms = Wav.read(data.resolve("sms.wav"));
    short[] snd = sms.samples();
    double[] t = new double[snd.length];
    double[] v = new double[snd.length];
    for (int i = 0; i < snd.length; i++) {
      t[i] = (double) i / sms.sampleRate();
      v[i] = snd[i];
    }
    Figure fig = Plot.figure(800, 500);
    fig.axes().plot(t, v).setTitle("sms.wav").setXLabel("time (s)").setYLabel("amplitude");
    Path waveform = Book.save(fig, out, "sound.png");
    // plt.specgram(snd, NFFT=1024, Fs=44100): matplotlib's default overlap is 128 samples.
    Spectrogram spec = Spectrogram.of(v, 1024, sms.sampleRate(), 128);
    Figure sg = Plot.figure(800, 500);
    sg.axes()
        .imshow(spec.decibelsTopDown(), Colormap.VIRIDIS)
        .setTitle("sms.wav spectrogram (dB, 0 to 22050 Hz upwards, 2.5 s across)")
        .setXLabel("segment")
        .setYLabel("frequency bin");
    Path specgram = Book.save(sg, out, "specgram.png");
    Result r =
        new Result(
            shape,
            ravel,
            sms.sampleRate(),
            sms.channels(),
            snd.length,
            Arrays.copyOf(snd, 3),
            Arrays.copyOfRange(snd, Math.max(0, snd.length - 3), snd.length),
            waveform,
            spec,
            specgram);
    if (print) {
      System.out.println("iss.jpg: np.asarray(img).shape = " + Book.shape(r.issShape()));
      System.out.println("iss.jpg: img.ravel().shape = " + Book.shape(r.issRavel()));
      System.out.println(
          Book.fmt(
              "sms.wav: rate %d Hz, %d channel(s), %d samples",
              r.rate(), r.channels(), r.samples()));
      System.out.println("snd = " + int16Repr(r.first(), r.last()));
    }
    return r;
  }
}
