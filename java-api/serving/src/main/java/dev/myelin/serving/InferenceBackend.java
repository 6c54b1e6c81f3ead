package dev.myelin.serving;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything a protocol front end (TF-Serving REST, KServe v2 REST, a gRPC service) needs from the
 * server, with no wire format in it: predict, status and metadata by model name and version.
 * Failures are {@link ServingException}s whose code the front end translates.
 */
public interface InferenceBackend {
  /**
   * Predicts asynchronously: the future completes with the result, or exceptionally with a {@link
   * ServingException} (queue full, deadline passed, bad shapes, unknown model).
   */
  CompletableFuture<InferenceResult> infer(InferenceRequest request);

  /** The states of the model's version folders ({@code version} 0: all of them). */
  List<VersionStatus> status(String model, long version);

  /** The signature of a loaded version ({@code version} 0: the served one). */
  ModelMetadata metadata(String model, long version);

  /** The names of the configured models. */
  List<String> models();

  /** Whether a version of {@code model} ({@code version} 0: any) is available. */
  boolean isReady(String model, long version);

  /** Whether every configured model has an available version and the server is not closing. */
  boolean isReady();
}
