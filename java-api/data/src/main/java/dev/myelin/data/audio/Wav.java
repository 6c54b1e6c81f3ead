package dev.myelin.data.audio;

import static dev.myelin.data.internal.Checks.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A 16-bit PCM WAV recording as {@code scipy.io.wavfile.read} returns it: the sample rate and the
 * int16 samples, interleaved by channel (frame by frame).
 *
 * <pre>{@code
 * Wav sms = Wav.read(Path.of("../data/sms.wav")); // 44100 Hz, 1 channel, 110250 samples
 * }</pre>
 *
 * @param sampleRate frames per second
 * @param channels samples per frame
 * @param samples the samples, {@code frames * channels}, channel-interleaved
 */
public record Wav(int sampleRate, int channels, short[] samples) {
  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  /** Checks the sample count against the channel count. */
  public Wav {
    check(sampleRate > 0, "sampleRate", "a positive rate", sampleRate);
    check(channels > 0, "channels", "a positive count", channels);
    check(samples != null, "samples", "an array", "null");
    check(
        samples.length % channels == 0,
        "samples",
        "a multiple of channels=" + channels,
        samples.length);
  }

  /**
   * Parses a RIFF/WAVE file with 16-bit PCM samples (format tag 1, or WAVE_FORMAT_EXTENSIBLE with a
   * PCM sub-format); chunks other than {@code fmt } and {@code data} (LIST, fact, ...) are skipped.
   *
   * @param path the file
   * @return the recording
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file is not RIFF/WAVE, is truncated, or holds another encoding (the
   *     message names it)
   */
  public static Wav read(Path path) throws IOException {
    check(path != null, "path", "a file path", "null");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "WAV file not found");
    }
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (buf.remaining() < 12 || !tag(buf, 0).equals("RIFF") || !tag(buf, 8).equals("WAVE")) {
      throw new IOException(path + ": not a RIFF/WAVE file");
    }
    int pos = 12;
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (pos + 8 <= buf.limit()) {
      String id = tag(buf, pos);
      long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      if (id.equals("fmt ")) {
        format = buf.getShort(body) & 0xffff;
        channels = buf.getShort(body + 2) & 0xffff;
        rate = buf.getInt(body + 4);
        bits = buf.getShort(body + 14) & 0xffff;
        if (format == FORMAT_EXTENSIBLE && size >= 26) {
          format = buf.getShort(body + 24) & 0xffff;
        }
      } else if (id.equals("data")) {
        if (format < 0) {
          throw new IOException(path + ": 'data' chunk before the 'fmt ' chunk");
        }
        if (format != FORMAT_PCM || bits != 16) {
          throw new IOException(
              path
                  + ": unsupported WAV encoding "
                  + encodingName(format, bits)
                  + "; only 16-bit PCM is supported");
        }
        long available = Math.min(size, buf.limit() - body);
        short[] samples = new short[(int) (available / 2)];
        buf.position(body);
        buf.asShortBuffer().get(samples);
        if (samples.length % channels != 0) {
          throw new IOException(
              path
                  + ": truncated data chunk ("
                  + samples.length
                  + " samples for "
                  + channels
                  + " channels)");
        }
        return new Wav(rate, channels, samples);
      }
      // Chunks are padded to an even length.
      pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
    }
    throw new IOException(path + ": no 'data' chunk");
  }

  /**
   * The number of frames (samples per channel).
   *
   * @return {@code samples.length / channels}
   */
  public int frames() {
    return samples.length / channels;
  }

  /**
   * The duration in seconds.
   *
   * @return {@code frames / sampleRate}
   */
  public double seconds() {
    return frames() / (double) sampleRate;
  }

  /**
   * The samples of one channel.
   *
   * @param channel the channel, 0-based
   * @return a new array of {@link #frames()} samples
   */
  public short[] channel(int channel) {
    check(channel >= 0 && channel < channels, "channel", "in [0, " + channels + ")", channel);
    short[] out = new short[frames()];
    for (int i = 0; i < out.length; i++) {
      out[i] = samples[i * channels + channel];
    }
    return out;
  }

  private static String tag(ByteBuffer buf, int pos) {
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = buf.get(pos + i);
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String encodingName(int format, int bits) {
    String name =
        switch (format) {
          case 1 -> "PCM";
          case 2 -> "Microsoft ADPCM";
          case 3 -> "IEEE float";
          case 6 -> "A-law";
          case 7 -> "mu-law";
          case 0x11 -> "IMA ADPCM";
          case 0x55 -> "MPEG layer 3";
          default -> "format tag 0x" + Integer.toHexString(format);
        };
    return name + " " + bits + "-bit";
  }

  /** Equal when rate, channels and all samples are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Wav other
        && sampleRate == other.sampleRate
        && channels == other.channels
        && java.util.Arrays.equals(samples, other.samples);
  }

  /** A hash of the rate, channels and samples. */
  @Override
  public int hashCode() {
    return 31 * (31 * sampleRate + channels) + java.util.Arrays.hashCode(samples);
  }

  /** The format, as {@code Wav(44100 Hz, 1 channel(s), 110250 samples)}. */
  @Override
  public String toString() {
    return "Wav("
        + sampleRate
        + " Hz, "
        + channels
        + " channel(s), "
        + samples.length
        + " samples)";
  }
}
