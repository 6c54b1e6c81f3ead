package dev.myelin.serving;

import java.util.List;

/**
 * The signature of one served model version: its inputs and outputs.
 *
 * @param name the model's name
 * @param version the version described
 * @param inputs the inputs, in the model's order
 * @param outputs the outputs, in the model's order
 */
public record ModelMetadata(
    String name, long version, List<TensorSpec> inputs, List<TensorSpec> outputs) {}
