package dev.myelin.serving.grpc;

import com.google.protobuf.MessageLite;
import dev.myelin.serving.AccessLog;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.Metrics;
import dev.myelin.serving.ServingException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gRPC front end of a {@link dev.myelin.serving.ModelServer}: TF-Serving's {@code
 * tensorflow.serving.PredictionService} (Predict, GetModelMetadata) and {@code ModelService}
 * (GetModelStatus), and KServe v2's {@code inference.GRPCInferenceService}, on one port. The
 * services are thin adapters over the {@link InferenceBackend} the REST front ends use; a {@link
 * ServingException}'s code becomes the gRPC status of the same name.
 */
public final class GrpcFrontEnd implements AutoCloseable {
  private final Server server;

  /**
   * Starts the services on {@code host:port} ({@code port} 0 picks a free one).
   *
   * @param backend the models
   * @param metrics where request counts and latencies go (protocols {@code grpc_tfs}, {@code
   *     grpc_kserve})
   * @param accessLog where one JSON line per answered call goes (path {@code /SERVICE/METHOD})
   * @param maxRequestBytes the largest request message; larger ones get RESOURCE_EXHAUSTED
   * @param requestTimeout the deadline of a request whose client sets none (or a later one)
   */
  public GrpcFrontEnd(
      InferenceBackend backend,
      Metrics metrics,
      AccessLog accessLog,
      String host,
      int port,
      int maxRequestBytes,
      Duration requestTimeout) {
    Calls calls = new Calls(metrics, accessLog, requestTimeout);
    try {
      this.server =
          NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
              .maxInboundMessageSize(maxRequestBytes)
              .intercept(new CallInfo())
              .addService(new TfServingService.Predictions(backend, calls))
              .addService(new TfServingService.Status(backend, calls))
              .addService(new KServeService(backend, calls))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "myelin serve: cannot open the gRPC port " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  /** The port listened on. */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops taking new calls and waits up to {@code grace} for the calls in flight to be answered.
   */
  public void drain(Duration grace) throws InterruptedException {
    server.shutdown();
    server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Closes the port, cancelling any call still running. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The gRPC status for a failure: a {@link ServingException}'s code maps to the same name. */
  static Status status(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StatusRuntimeException s) {
      return s.getStatus();
    }
    if (t instanceof ServingException e) {
      Status.Code code =
          switch (e.code()) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED, PAYLOAD_TOO_LARGE -> Status.Code.RESOURCE_EXHAUSTED;
            case CLIENT_TIMEOUT, DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case INTERNAL -> Status.Code.INTERNAL;
            case UNIMPLEMENTED -> Status.Code.UNIMPLEMENTED;
          };
      return Status.fromCode(code).withDescription(e.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage());
    }
    return Status.INTERNAL.withDescription(String.valueOf(t));
  }

  private static final Context.Key<String> REMOTE = Context.key("myelin-remote");
  private static final Context.Key<String> METHOD = Context.key("myelin-method");

  /** Puts the caller's address and the method's name into the call's context for the access log. */
  private static final class CallInfo implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      String who =
          a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
      Context ctx =
          Context.current()
              .withValue(REMOTE, who)
              .withValue(METHOD, "/" + call.getMethodDescriptor().getFullMethodName());
      return Contexts.interceptCall(ctx, call, headers, next);
    }
  }

  /**
   * Answers calls: turns results and failures into responses and statuses, counts and logs them.
   */
  static final class Calls {
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final Duration requestTimeout;

    Calls(Metrics metrics, AccessLog accessLog, Duration requestTimeout) {
      this.metrics = metrics;
      this.accessLog = accessLog;
      this.requestTimeout = requestTimeout;
    }

    /** What the access log needs of one call, taken on the call's thread. */
    private record Call(String protocol, String remote, String method, long bytesIn, long start) {
      static Call of(String protocol, MessageLite request) {
        return new Call(
            protocol, REMOTE.get(), METHOD.get(), request.getSerializedSize(), System.nanoTime());
      }
    }

    /**
     * The {@link System#nanoTime()} deadline of the current call: the server's request timeout or
     * the client's deadline, whichever comes first.
     */
    long deadlineNanos() {
      long deadline = System.nanoTime() + requestTimeout.toNanos();
      Deadline client = Context.current().getDeadline();
      if (client != null) {
        deadline =
            Math.min(deadline, System.nanoTime() + client.timeRemaining(TimeUnit.NANOSECONDS));
      }
      return deadline;
    }

    /** Answers {@code request} with what {@code body} returns, or the status of what it throws. */
    <T extends MessageLite> void reply(
        String protocol, MessageLite request, StreamObserver<T> out, Supplier<T> body) {
      Call call = Call.of(protocol, request);
      T value;
      try {
        value = body.get();
      } catch (RuntimeException e) {
        fail(call, out, e);
        return;
      }
      succeed(call, out, value);
    }

    /** Answers when the future {@code body} returns completes. */
    <T extends MessageLite> void replyLater(
        String protocol,
        MessageLite request,
        StreamObserver<T> out,
        Supplier<CompletableFuture<T>> body) {
      Call call = Call.of(protocol, request);
      metrics.inFlight(1);
      CompletableFuture<T> f;
      try {
        f = body.get();
      } catch (RuntimeException e) {
        metrics.inFlight(-1);
        fail(call, out, e);
        return;
      }
      f.whenComplete(
          (value, error) -> {
            metrics.inFlight(-1);
            if (error != null) {
              fail(call, out, error);
            } else {
              succeed(call, out, value);
            }
          });
    }

    private <T extends MessageLite> void succeed(Call call, StreamObserver<T> out, T value) {
      record(call, 200, value.getSerializedSize(), null);
      try {
        out.onNext(value);
        out.onCompleted();
      } catch (StatusRuntimeException cancelled) {
        // The client went away (cancelled or past its deadline): nobody is left to answer.
      }
    }

    private void fail(Call call, StreamObserver<?> out, Throwable t) {
      Status s = status(t);
      record(call, httpStatus(s.getCode()), 0, s.getCode() + ": " + s.getDescription());
      try {
        out.onError(s.asRuntimeException());
      } catch (StatusRuntimeException cancelled) {
        // As above: the call is already closed.
      }
    }

    private void record(Call call, int status, long bytesOut, String error) {
      double seconds = (System.nanoTime() - call.start()) * 1e-9;
      metrics.recordRequest(call.protocol(), status, seconds);
      accessLog.log(
          call.remote(),
          "POST",
          call.method(),
          status,
          call.bytesIn(),
          bytesOut,
          seconds * 1000,
          error);
    }

    /** The HTTP status the metrics count a gRPC code under, so both protocols share one series. */
    private static int httpStatus(Status.Code code) {
      return switch (code) {
        case OK -> 200;
        case INVALID_ARGUMENT, FAILED_PRECONDITION -> 400;
        case NOT_FOUND -> 404;
        case RESOURCE_EXHAUSTED -> 429;
        case DEADLINE_EXCEEDED -> 504;
        case UNAVAILABLE -> 503;
        default -> 500;
      };
    }
  }
}
