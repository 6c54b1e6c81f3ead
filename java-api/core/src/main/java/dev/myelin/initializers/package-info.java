/**
 * Keras initializers with Keras's exact semantics: {@link dev.myelin.initializers.Initializer},
 * {@link dev.myelin.initializers.VarianceScaling} and its Glorot/He/LeCun forms, {@link
 * dev.myelin.initializers.Orthogonal}, and the constant and random ones.
 */
package dev.myelin.initializers;
