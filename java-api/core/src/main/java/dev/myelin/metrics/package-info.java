/**
 * Stateful metrics with Keras's names and formulas: accuracy variants, top-k, mse, mae, precision,
 * recall, AUC; {@link dev.myelin.metrics.MetricNames} switches to Keras 2.2 names.
 */
package dev.myelin.metrics;
