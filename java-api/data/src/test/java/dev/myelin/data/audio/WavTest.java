package dev.myelin.data.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
  @TempDir Path dir;

  @Test
  void smsWavMatchesScipy() throws Exception {
    Path p = Path.of("../../../shared/data/book/sms.wav");
    assertTrue(Files.exists(p), "book data file missing: " + p.toAbsolutePath().normalize());
    Wav sms = Wav.read(p);
    assertEquals(44100, sms.sampleRate());
    assertEquals(1, sms.channels());
    assertEquals(110250, sms.samples().length);
    assertEquals(2.5, sms.seconds(), 1e-12);
    short[] s = sms.samples();
    assertArrayEquals(new short[] {70, 14, 27}, new short[] {s[0], s[1], s[2]});
    int n = s.length;
    assertArrayEquals(new short[] {58, 68, 59}, new short[] {s[n - 3], s[n - 2], s[n - 1]});
  }

  /** A WAV file with the given format tag and bits, and an odd-sized LIST chunk before data. */
  private static byte[] wav(int format, int channels, int rate, int bits, short[] samples) {
    int dataBytes = samples.length * 2;
    ByteBuffer b =
        ByteBuffer.allocate(12 + 24 + 8 + 3 + 1 + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels);
    b.putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8));
    b.putShort((short) bits);
    b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
    b.put("data".getBytes()).putInt(dataBytes);
    for (short v : samples) {
      b.putShort(v);
    }
    return b.array();
  }

  @Test
  void readsStereoPcmAndSkipsPaddedChunks() throws Exception {
    Path p = dir.resolve("stereo.wav");
    Files.write(p, wav(1, 2, 8000, 16, new short[] {1, -1, 2, -2, 32767, -32768}));
    Wav w = Wav.read(p);
    assertEquals(8000, w.sampleRate());
    assertEquals(2, w.channels());
    assertEquals(3, w.frames());
    assertArrayEquals(new short[] {1, 2, 32767}, w.channel(0));
    assertArrayEquals(new short[] {-1, -2, -32768}, w.channel(1));
  }

  @Test
  void otherEncodingsFailNamingTheEncoding() throws Exception {
    Path f = dir.resolve("float.wav");
    Files.write(f, wav(3, 1, 8000, 32, new short[] {0, 0}));
    IOException e = assertThrows(IOException.class, () -> Wav.read(f));
    assertTrue(
        e.getMessage().contains("IEEE float 32-bit") && e.getMessage().contains("float.wav"),
        e.getMessage());
    Path u8 = dir.resolve("u8.wav");
    Files.write(u8, wav(1, 1, 8000, 8, new short[] {0}));
    e = assertThrows(IOException.class, () -> Wav.read(u8));
    assertTrue(e.getMessage().contains("PCM 8-bit"), e.getMessage());
    Path text = dir.resolve("text.wav");
    Files.writeString(text, "hello, not a wave file");
    e = assertThrows(IOException.class, () -> Wav.read(text));
    assertTrue(e.getMessage().contains("not a RIFF/WAVE"), e.getMessage());
    NoSuchFileException m =
        assertThrows(NoSuchFileException.class, () -> Wav.read(dir.resolve("missing.wav")));
    assertTrue(m.getMessage().contains("missing.wav"), m.getMessage());
  }
}
