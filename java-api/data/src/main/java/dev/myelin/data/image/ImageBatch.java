package dev.myelin.data.image;

import dev.myelin.Tensor;

/**
 * One batch of an {@link ImageIterator}: images {@code (batch, height, width, channels)} float32
 * and their targets, as Keras's {@code x, y = it.next()}.
 *
 * @param x the images
 * @param y the targets (shape and dtype depend on the class mode), or null without labels
 * @param indices the positions of the batch's samples in the iterator's sample list (its {@code
 *     filenames}, {@code classes} or the rows of the array it flows)
 */
public record ImageBatch(Tensor x, Tensor y, int[] indices) {}
