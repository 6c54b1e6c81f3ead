/**
 * Training callbacks as in Keras: {@link dev.myelin.callbacks.History}, {@code EarlyStopping},
 * {@code ModelCheckpoint}, {@code ReduceLROnPlateau}, {@code LearningRateScheduler}, {@code
 * CSVLogger}, {@code TerminateOnNaN}, {@code LambdaCallback}, and the progress printer.
 */
package dev.myelin.callbacks;
