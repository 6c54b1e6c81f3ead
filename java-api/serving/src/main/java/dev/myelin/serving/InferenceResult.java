package dev.myelin.serving;

import java.util.List;

/**
 * The answer to an {@link InferenceRequest}: the version that computed it and one tensor per model
 * output, in the model's output order.
 *
 * @param model the model's name
 * @param version the version that answered
 * @param outputs the outputs, named by the model's output layers
 */
public record InferenceResult(String model, long version, List<InferTensor> outputs) {}
