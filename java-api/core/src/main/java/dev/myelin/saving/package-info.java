/**
 * Interchange with Python Keras: {@link dev.myelin.saving.WeightsFile} (Keras 3 {@code .weights.h5}
 * read/write, Keras 2 {@code .h5} read) and {@link dev.myelin.saving.KerasArchive} (the {@code
 * .keras} zip), over the pure-Java HDF5 library jHDF.
 */
package dev.myelin.saving;
