/**
 * Keras layers: the {@link dev.myelin.layers.Layer} base (build / call / getConfig, weights as
 * variables, automatic names) and the core layers {@code Dense}, {@code Activation}, {@code
 * Dropout}, {@code Flatten}, {@code Reshape}, {@code Lambda}, {@code BatchNormalization}, {@code
 * Add}, {@code Concatenate}, {@code InputLayer}; the sequence layers {@code Embedding}, {@code
 * SimpleRNN}, {@code LSTM}, {@code GRU}, {@code Bidirectional} and {@code TimeDistributed}
 * (docs/recurrent.md).
 */
package dev.myelin.layers;
