/** Learning-rate schedules (Keras's {@code keras.optimizers.schedules}). */
package dev.myelin.optimizers.schedules;
