/**
 * Reverse-mode automatic differentiation over {@link dev.myelin.Tensor} operations with a
 * TensorFlow-style {@link dev.myelin.autodiff.GradientTape}.
 */
package dev.myelin.autodiff;
