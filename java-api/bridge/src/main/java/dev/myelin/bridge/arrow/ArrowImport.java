package dev.myelin.bridge.arrow;

import dev.myelin.Tensor;

/**
 * A tensor made from Arrow data, and whether making it copied the values ({@code false} means the
 * tensor's address is the Arrow data buffer's address).
 *
 * @param tensor the tensor (the caller owns it and closes it)
 * @param copied whether the values were copied out of the Arrow buffers
 */
public record ArrowImport(Tensor tensor, boolean copied) {}
