package dev.myelin.data.modelselection;

/**
 * What scikit-learn's {@code X_train, X_test, y_train, y_test = train_test_split(X, y, ...)} gives:
 * the four parts, each in the type it was given (arrays, frames, series, tensors), plus the indices
 * of the split for those who want them.
 *
 * @param xTrain the training rows of {@code x}
 * @param xTest the test rows of {@code x}
 * @param yTrain the training rows of {@code y}
 * @param yTest the test rows of {@code y}
 * @param indices the row indices of each part, in the parts' order
 * @param <X> the type of the features
 * @param <Y> the type of the targets
 */
public record TrainTest<X, Y>(X xTrain, X xTest, Y yTrain, Y yTest, Split indices) {}
