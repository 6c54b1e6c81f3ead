/**
 * Keras weight constraints: {@link dev.myelin.constraints.Constraint} with {@link
 * dev.myelin.constraints.MaxNorm}, {@link dev.myelin.constraints.NonNeg}, {@link
 * dev.myelin.constraints.UnitNorm} and {@link dev.myelin.constraints.MinMaxNorm}.
 */
package dev.myelin.constraints;
