package dev.myelin.data.datasets;

import java.util.List;

/**
 * A text-classification data set as Keras's {@code load_data} returns it: {@code ((x_train,
 * y_train), (x_test, y_test))} with each review or newswire a sequence of word indices.
 *
 * @param xTrain the training sequences (ragged; pad them with {@code Sequences.padSequences})
 * @param yTrain one label per training sequence
 * @param xTest the test sequences
 * @param yTest one label per test sequence
 */
public record TextSplits(List<int[]> xTrain, int[] yTrain, List<int[]> xTest, int[] yTest) {}
