package dev.myelin.models;

/**
 * Which batches of a {@link Dataset} each epoch of {@code fit} draws, by Keras 3's rule (its {@code
 * EpochIterator}): without {@code stepsPerEpoch}, one whole pass per epoch; with it, {@code n}
 * batches per epoch that continue the pass where the last epoch stopped, a new pass (and a new
 * shuffle) beginning at the epoch after the batches ran out. An epoch that meets the end of a pass
 * stops there, short, as Keras's does ("Your input ran out of data").
 */
final class EpochSteps {
  private final Dataset data;
  private final int perEpoch;
  private int seen;
  private boolean newPass = true;

  /** {@code perEpoch}: the batches an epoch draws, 0 for one whole pass. */
  EpochSteps(Dataset data, int perEpoch) {
    this.data = data;
    this.perEpoch = perEpoch;
  }

  /** Begins epoch {@code epoch} and returns how many batches it draws. */
  int begin(int epoch) {
    if (newPass || perEpoch == 0) {
      data.onEpochBegin(epoch);
      seen = 0;
      newPass = false;
    }
    int left = data.steps() - seen;
    return perEpoch == 0 ? left : Math.min(perEpoch, left);
  }

  /** The dataset's index of the next batch of the pass. */
  int next() {
    return seen++;
  }

  /** Ends an epoch: once the pass's batches are used up, the next epoch starts a new pass. */
  void end() {
    newPass = seen >= data.steps();
  }
}
