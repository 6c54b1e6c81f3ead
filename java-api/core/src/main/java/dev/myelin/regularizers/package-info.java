/**
 * Keras weight regularizers: {@link dev.myelin.regularizers.Regularizer} with {@link
 * dev.myelin.regularizers.L1}, {@link dev.myelin.regularizers.L2} and {@link
 * dev.myelin.regularizers.L1L2}.
 */
package dev.myelin.regularizers;
