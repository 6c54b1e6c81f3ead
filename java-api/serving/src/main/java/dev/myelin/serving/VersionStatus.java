package dev.myelin.serving;

/**
 * The state of one version folder of a model, as TF-Serving reports it.
 *
 * @param version the folder's number
 * @param state the lifecycle state
 * @param error why loading failed ({@code ""} when it did not)
 */
public record VersionStatus(long version, State state, String error) {
  /** TF-Serving's version states. */
  public enum State {
    /** Seen, being loaded and warmed up. */
    LOADING,
    /** Serving requests. */
    AVAILABLE,
    /** Being replaced by a newer version: finishing the requests already queued. */
    UNLOADING,
    /** Not serving: replaced by a newer version, or failed to load ({@code error} says why). */
    END
  }
}
