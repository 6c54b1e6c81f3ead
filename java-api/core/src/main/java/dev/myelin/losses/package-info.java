/** Losses with Keras's names and formulas, built from Tensor ops so gradients flow through them. */
package dev.myelin.losses;
