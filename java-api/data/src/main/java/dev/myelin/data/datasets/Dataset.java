package dev.myelin.data.datasets;

/**
 * A regression data set: one row of features per sample in {@code x} and one target per sample in
 * {@code y}.
 *
 * @param x the samples, {@code nSamples x nFeatures}
 * @param y the targets, {@code nSamples}
 */
public record Dataset(double[][] x, double[] y) {}
