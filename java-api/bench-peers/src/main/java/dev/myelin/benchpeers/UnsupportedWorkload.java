package dev.myelin.benchpeers;

/**
 * A workload this peer cannot build (a layer class or setting it has no counterpart for);
 * {@link PeerMain} reports it as the run's {@code error} instead of crashing.
 */
final class UnsupportedWorkload extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnsupportedWorkload(String message) {
    super(message);
  }
}
