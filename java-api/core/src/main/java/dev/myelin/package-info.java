/**
 * Myelin's tensor layer: {@link dev.myelin.Tensor} (n-dimensional arrays in native memory with
 * numpy semantics), {@link dev.myelin.TensorScope} for deterministic memory release, and
 * process-wide settings in {@link dev.myelin.Myelin}.
 */
package dev.myelin;
