package dev.myelin.data.datasets;

/**
 * A classification data set: one row of features per sample in {@code x} and one integer class
 * label per sample in {@code labels}.
 *
 * @param x the samples, {@code nSamples x nFeatures}
 * @param labels the class of each sample, {@code nSamples}
 */
public record LabeledDataset(double[][] x, int[] labels) {}
