/**
 * Keras's pretrained image models ({@code keras.applications}): {@link
 * dev.myelin.applications.VGG16}, {@link dev.myelin.applications.VGG19}, {@link
 * dev.myelin.applications.ResNet50}, {@link dev.myelin.applications.Xception}, {@link
 * dev.myelin.applications.MobileNetV2} and {@link dev.myelin.applications.InceptionV3}, with
 * Keras's layer names and Keras's {@code .h5} weight files; ImageNet preprocessing and decoding
 * ({@link dev.myelin.applications.ImageNet}) and nearest-neighbour search over bottleneck features
 * ({@link dev.myelin.applications.ImageSearch}).
 */
package dev.myelin.applications;
