package dev.myelin.data.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The exception is Serializable (as every Throwable claims to be), message and line intact. */
class EmbeddingFormatExceptionTest {
  @Test
  void serializesWithItsMessageAndLine() throws Exception {
    EmbeddingFormatException e =
        new EmbeddingFormatException(Path.of("glove.txt"), 3, "301 fields", "12");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e); // threw NotSerializableException (a Path field) before
    }
    EmbeddingFormatException back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (EmbeddingFormatException) in.readObject();
    }
    assertEquals(
        "embeddings file glove.txt, line 3: expected 301 fields but was 12", back.getMessage());
    assertEquals(3, back.line());
    assertNull(back.file());
  }
}
