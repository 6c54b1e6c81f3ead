/**
 * Keras activations: {@link dev.myelin.activations.Activation} and the named built-ins in {@link
 * dev.myelin.activations.Activations}, all differentiable through the tape.
 */
package dev.myelin.activations;
