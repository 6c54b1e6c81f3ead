package dev.myelin.data.text;

/** The value of each cell of {@link Tokenizer#textsToMatrix}, as Keras's {@code mode}. */
public enum MatrixMode {
  /** 1 when the word occurs in the text. */
  BINARY,
  /** How often the word occurs. */
  COUNT,
  /** The count divided by the text's length in (kept and dropped) tokens. */
  FREQ,
  /** {@code (1 + ln count) * ln(1 + documents / (1 + documents with the word))}. */
  TFIDF
}
