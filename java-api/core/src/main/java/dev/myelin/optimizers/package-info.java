/**
 * Optimizers with Keras's update rules, run as fused native kernels: {@link
 * dev.myelin.optimizers.SGD}, {@link dev.myelin.optimizers.Adam} and the rest, created by name with
 * {@link dev.myelin.optimizers.Optimizer#get(String)}.
 */
package dev.myelin.optimizers;
