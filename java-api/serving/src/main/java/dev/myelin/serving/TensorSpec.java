package dev.myelin.serving;

/**
 * The declared name, shape ({@code -1} for the batch axis or any unknown size) and datatype of one
 * input or output of a served model.
 *
 * @param name the input or output layer's name
 * @param shape the shape, batch axis first ({@code -1})
 * @param datatype KServe's datatype name; Myelin serves {@code FP32}
 */
public record TensorSpec(String name, long[] shape, String datatype) {}
