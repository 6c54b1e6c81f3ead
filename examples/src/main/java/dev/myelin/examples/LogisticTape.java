package dev.myelin.examples;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.autodiff.GradientTape;
import java.util.Locale;

/**
 * Logistic regression written with tensors and the gradient tape: two Gaussian clouds in the plane,
 * a weight vector and a bias trained by gradient descent on the binary cross-entropy.
 */
public final class LogisticTape implements Example {
  /** What one training run ended with. */
  public record Result(double firstLoss, double finalLoss, double accuracy) {}

  @Override
  public String name() {
    return "logistic-tape";
  }

  @Override
  public String description() {
    return "logistic regression with tensors and autodiff on a generated two-class dataset";
  }

  @Override
  public void run(String[] args) {
    Result r = train(1000, 100, 0.5, 42, true);
    System.out.printf(
        Locale.ROOT, "final loss %.4f, final accuracy %.3f%n", r.finalLoss(), r.accuracy());
  }

  /**
   * Trains on {@code n} points (half per class, centred at (-1,-1) and (1,1), unit variance) for
   * {@code epochs} full-batch steps of size {@code lr}.
   */
  public static Result train(int n, int epochs, double lr, long seed, boolean verbose) {
    try (TensorScope outer = new TensorScope()) {
      Myelin.setSeed(seed);
      int half = n / 2;
      Tensor x =
          Tensor.concat(
              0,
              Tensor.randomNormal(new long[] {half, 2}, -1.0, 1.0, DType.FLOAT32),
              Tensor.randomNormal(new long[] {n - half, 2}, 1.0, 1.0, DType.FLOAT32));
      Tensor y =
          Tensor.concat(
              0, Tensor.zeros(DType.FLOAT32, half, 1), Tensor.ones(DType.FLOAT32, n - half, 1));
      Tensor w = Tensor.zeros(DType.FLOAT32, 2, 1);
      Tensor b = Tensor.zeros(DType.FLOAT32, 1);
      double firstLoss = Double.NaN;
      double loss = Double.NaN;
      for (int epoch = 0; epoch < epochs; epoch++) {
        try (TensorScope step = new TensorScope();
            GradientTape tape = new GradientTape()) {
          tape.watch(w);
          tape.watch(b);
          Tensor logits = x.matmul(w).add(b);
          // Binary cross-entropy from logits: softplus(z) - y*z, stable for large |z|.
          Tensor lossT = logits.softplus().sub(y.mul(logits)).mean();
          Tensor[] g = tape.gradient(lossT, w, b);
          loss = lossT.item();
          Tensor newW = w.sub(g[0].mul(lr));
          Tensor newB = b.sub(g[1].mul(lr));
          step.keep(newW);
          step.keep(newB);
          w.close();
          b.close();
          w = newW;
          b = newB;
        }
        if (epoch == 0) firstLoss = loss;
        if (verbose && (epoch % 10 == 0 || epoch == epochs - 1)) {
          System.out.printf(Locale.ROOT, "epoch %3d  loss %.4f%n", epoch + 1, loss);
        }
      }
      Tensor predicted = x.matmul(w).add(b).gt(0.0).cast(DType.FLOAT32);
      double accuracy = predicted.eq(y).cast(DType.FLOAT32).mean().item();
      return new Result(firstLoss, loss, accuracy);
    }
  }
}
