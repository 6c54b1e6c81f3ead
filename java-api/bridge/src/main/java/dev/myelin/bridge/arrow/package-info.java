/**
 * Tensors as Arrow vectors ({@code arrow.fixed_shape_tensor} included) and tables, and Arrow's C
 * Data Interface to pyarrow, without copying where the layout allows.
 */
package dev.myelin.bridge.arrow;
