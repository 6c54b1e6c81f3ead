package dev.myelin.serving.grpc;

import com.google.protobuf.MessageLite;
import dev.myelin.serving.InferenceBackend;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What every gRPC service of the server shares: the backend it answers from, and answering a call
 * under the service's protocol name (metrics, access log, status mapping in {@link
 * GrpcFrontEnd.Calls}).
 */
final class Handler {
  final InferenceBackend backend;
  private final String protocol;
  private final GrpcFrontEnd.Calls calls;

  Handler(String protocol, InferenceBackend backend, GrpcFrontEnd.Calls calls) {
    this.protocol = protocol;
    this.backend = backend;
    this.calls = calls;
  }

  /** Answers {@code request} at once with what {@code body} returns. */
  <T extends MessageLite> void reply(MessageLite request, StreamObserver<T> out, Supplier<T> body) {
    calls.reply(protocol, request, out, body);
  }

  /**
   * Answers {@code request} when the future that {@code body} returns for the call's deadline
   * (nanoTime) completes.
   */
  <T extends MessageLite> void replyLater(
      MessageLite request, StreamObserver<T> out, LongFunction<CompletableFuture<T>> body) {
    long deadline = calls.deadlineNanos();
    calls.replyLater(protocol, request, out, () -> body.apply(deadline));
  }
}
