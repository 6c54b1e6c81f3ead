package dev.myelin.serving;

/**
 * The declared name, shape ({@code -1} for the batch axis or any unknown size) and datatype of one
 * input or output of a served model.
 *
 * @param name the input or output layer's name
 * @param shape the shape, batch axis first ({@code -1})
 * @param datatype KServe's datatype name: {@code FP32}, or {@code INT32}/{@code INT64} for an
 *     integer input (a Keras {@code Input(dtype="int32")} feeding an Embedding)
 */
public record TensorSpec(String name, long[] shape, String datatype) {
  /** TensorFlow's name of the datatype ({@code DT_FLOAT}, {@code DT_INT32}, {@code DT_INT64}). */
  public String tfDtype() {
    return switch (datatype) {
      case "INT32" -> "DT_INT32";
      case "INT64" -> "DT_INT64";
      default -> "DT_FLOAT";
    };
  }

  /** Whether the input takes integers (INT32 or INT64). */
  public boolean isInteger() {
    return datatype.startsWith("INT");
  }
}
