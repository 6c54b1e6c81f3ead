/**
 * Interchange with Python Keras: {@link dev.myelin.saving.WeightsFile} (Keras 3 {@code .weights.h5}
 * read/write, Keras 2 {@code .h5} read, legacy whole-model {@code .h5} write) and {@link
 * dev.myelin.saving.KerasArchive} (the {@code .keras} zip), over the pure-Java HDF5 library jHDF.
 * Whole models go through {@code Model.save}, {@code Model.toJson}, {@code Models.loadModel} and
 * {@code Models.modelFromJson}; configs are Keras's JSON, read and written with jackson-databind.
 */
package dev.myelin.saving;
