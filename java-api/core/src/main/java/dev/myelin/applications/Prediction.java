package dev.myelin.applications;

/**
 * One row of {@link ImageNet#decodePredictions}: the WordNet id, the class label and the score,
 * Keras's {@code (class_name, class_description, score)} tuple.
 */
public record Prediction(String wnid, String label, float prob) {}
