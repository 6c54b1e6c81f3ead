package dev.myelin.serving;

import java.util.List;

/**
 * A protocol-independent predict request: the model, an optional version, the inputs (by name, or
 * in the model's input order when unnamed) and a deadline.
 *
 * @param model the model's name
 * @param version the version, or {@code 0} for the served (newest available) one
 * @param inputs one tensor per model input
 * @param deadlineNanos {@link System#nanoTime()} after which the answer is no use to the client
 */
public record InferenceRequest(
    String model, long version, List<InferTensor> inputs, long deadlineNanos) {}
