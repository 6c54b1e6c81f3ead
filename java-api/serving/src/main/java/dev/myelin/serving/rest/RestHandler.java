package dev.myelin.serving.rest;

import dev.myelin.serving.AccessLog;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.Metrics;
import dev.myelin.serving.Route;
import dev.myelin.serving.ServingException;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes complete HTTP requests to the TF-Serving ({@code /v1}) and KServe v2 ({@code /v2}) APIs,
 * health, metrics and custom routes; answers asynchronously when the prediction completes or the
 * request's deadline passes; counts, times and logs every answer. One request per connection is
 * handled at a time (reading pauses until the answer is written), so answers keep their order.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Pattern V1 =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([0-9]{1,18}))?(?:(/metadata)|:([a-z]+))?");
  private static final Pattern V2 =
      Pattern.compile("/v2/models/([^/]+)(?:/versions/([0-9]{1,18}))?(/ready|/infer)?");

  /** What every connection's handler shares. */
  static final class Shared {
    final InferenceBackend backend;
    final Metrics metrics;
    final AccessLog accessLog;
    final long requestTimeoutNanos;
    final Map<String, Route> routes;
    final ExecutorService routePool;
    final TfServingApi v1;
    final KServeApi v2;
    volatile boolean draining;

    Shared(
        InferenceBackend backend,
        Metrics metrics,
        AccessLog accessLog,
        Duration requestTimeout,
        Map<String, Route> routes,
        ExecutorService routePool,
        TfServingApi v1,
        KServeApi v2) {
      this.backend = backend;
      this.metrics = metrics;
      this.accessLog = accessLog;
      this.requestTimeoutNanos = requestTimeout.toNanos();
      this.routes = Map.copyOf(routes);
      this.routePool = routePool;
      this.v1 = v1;
      this.v2 = v2;
    }
  }

  private final Shared shared;

  RestHandler(Shared shared) {
    this.shared = shared;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    long start = System.nanoTime();
    shared.metrics.inFlight(1);
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      int status =
          cause instanceof TooLongHttpLineException
              ? 414
              : cause instanceof TooLongHttpHeaderException ? 431 : 400;
      String m =
          cause instanceof TooLongFrameException
              ? cause.getMessage()
              : "malformed HTTP request: " + cause.getMessage();
      finish(
          ctx,
          req.method().name(),
          req.uri(),
          req.content().readableBytes(),
          Reply.error(status, m),
          start,
          false);
      return;
    }
    String method = req.method().name();
    String uri = req.uri();
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !shared.draining;
    long bytesIn = req.content().readableBytes();
    long deadline = start + shared.requestTimeoutNanos;
    CompletableFuture<Reply> answer;
    if (shared.draining) {
      answer = CompletableFuture.completedFuture(Reply.error(503, "the server is shutting down"));
    } else {
      try {
        answer = dispatch(req, new QueryStringDecoder(uri).path(), deadline);
      } catch (ServingException e) {
        answer = CompletableFuture.completedFuture(Reply.of(e));
      } catch (MethodNotAllowed e) {
        answer = CompletableFuture.completedFuture(Reply.error(405, e.getMessage()));
      } catch (IllegalArgumentException | ArithmeticException e) {
        answer = CompletableFuture.completedFuture(Reply.error(400, e.getMessage()));
      } catch (RuntimeException e) {
        answer = CompletableFuture.completedFuture(Reply.error(500, "internal error: " + e));
      }
    }
    ScheduledFuture<?> timer = null;
    if (!answer.isDone()) {
      // Read no further request from this connection until this one is answered.
      ctx.channel().config().setAutoRead(false);
      CompletableFuture<Reply> pending = answer;
      timer =
          ctx.executor()
              .schedule(
                  () ->
                      pending.complete(
                          Reply.error(
                              504, "the request's deadline passed before the model answered")),
                  Math.max(0, deadline - System.nanoTime()),
                  TimeUnit.NANOSECONDS);
    }
    ScheduledFuture<?> deadlineTimer = timer;
    answer.whenComplete(
        (reply, err) -> {
          if (deadlineTimer != null) {
            deadlineTimer.cancel(false); // answered: no timer left behind per request
          }
          Reply r = reply != null ? reply : failure(err);
          ctx.executor().execute(() -> finish(ctx, method, uri, bytesIn, r, start, keepAlive));
        });
  }

  private static Reply failure(Throwable err) {
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof ServingException s) {
      return Reply.of(s);
    }
    if (t instanceof IllegalArgumentException) {
      return Reply.error(400, t.getMessage());
    }
    return Reply.error(500, "internal error: " + t);
  }

  private CompletableFuture<Reply> dispatch(FullHttpRequest req, String path, long deadline) {
    HttpMethod m = req.method();
    Matcher v1 = V1.matcher(path);
    if (v1.matches()) {
      String model = v1.group(1);
      long version = v1.group(2) == null ? 0 : Long.parseLong(v1.group(2));
      if (v1.group(4) != null) {
        requireMethod(m, HttpMethod.POST, path);
        String verb = v1.group(4);
        if (!verb.equals("predict") && !verb.equals("classify") && !verb.equals("regress")) {
          throw new ServingException(
              ServingException.Code.NOT_FOUND,
              "unknown method :" + verb + " (expected :predict, :classify or :regress)");
        }
        return shared.v1.call(
            verb, model, version, new ByteBufInputStream(req.content()), deadline);
      }
      requireMethod(m, HttpMethod.GET, path);
      return done(
          v1.group(3) != null
              ? shared.v1.metadata(model, version)
              : shared.v1.status(model, version));
    }
    Matcher v2 = V2.matcher(path);
    if (v2.matches()) {
      String model = v2.group(1);
      long version = v2.group(2) == null ? 0 : Long.parseLong(v2.group(2));
      String what = v2.group(3);
      if ("/infer".equals(what)) {
        requireMethod(m, HttpMethod.POST, path);
        return shared.v2.infer(
            model,
            version,
            ByteBufUtil.getBytes(req.content()),
            req.headers().get("Inference-Header-Content-Length"),
            deadline);
      }
      requireMethod(m, HttpMethod.GET, path);
      return done(
          "/ready".equals(what)
              ? shared.v2.ready(model, version)
              : shared.v2.metadata(model, version));
    }
    switch (path) {
      case "/v2", "/v2/" -> {
        requireMethod(m, HttpMethod.GET, path);
        return done(shared.v2.server());
      }
      case "/v2/health/live", "/healthz" -> {
        return done(health("live", true));
      }
      case "/v2/health/ready", "/readyz" -> {
        return done(health("ready", shared.backend.isReady() && !shared.draining));
      }
      case "/metrics" -> {
        requireMethod(m, HttpMethod.GET, path);
        return done(
            Reply.text("text/plain; version=0.0.4; charset=utf-8", shared.metrics.render()));
      }
      default -> {}
    }
    Route route = shared.routes.get(path);
    if (route != null) {
      byte[] body = ByteBufUtil.getBytes(req.content());
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return Reply.json(
                  route.handle(body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (ServingException e) {
              return Reply.of(e);
            } catch (IllegalArgumentException e) {
              return Reply.error(400, e.getMessage());
            } catch (Exception e) {
              return Reply.error(500, "internal error: " + e);
            }
          },
          shared.routePool);
    }
    throw new ServingException(
        ServingException.Code.NOT_FOUND,
        "no endpoint "
            + path
            + " (see /v1/models/NAME, /v2/models/NAME, /v2/health/ready, /metrics)");
  }

  private static Reply health(String field, boolean ok) {
    return Reply.json(
        ok ? 200 : 503,
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeBooleanField(field, ok);
              g.writeEndObject();
            }));
  }

  private static void requireMethod(HttpMethod got, HttpMethod want, String path) {
    if (!got.equals(want)) {
      throw new MethodNotAllowed(path + " expects " + want + " but the request was " + got);
    }
  }

  /** A request with the wrong HTTP method (405). */
  private static final class MethodNotAllowed extends IllegalArgumentException {
    MethodNotAllowed(String m) {
      super(m);
    }
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  private void finish(
      ChannelHandlerContext ctx,
      String method,
      String uri,
      long bytesIn,
      Reply r,
      long start,
      boolean keepAlive) {
    write(ctx, shared, method, uri, bytesIn, r, start, keepAlive);
    ctx.channel().config().setAutoRead(true);
  }

  /** Answers a request that cannot be read further (too large, too slow) and closes. */
  static void rejectAndClose(ChannelHandlerContext ctx, Shared shared, HttpMessage msg, Reply r) {
    shared.metrics.inFlight(1);
    String method = msg instanceof HttpRequest q ? q.method().name() : "?";
    String uri = msg instanceof HttpRequest q ? q.uri() : "?";
    write(
        ctx, shared, method, uri, HttpUtil.getContentLength(msg, -1L), r, System.nanoTime(), false);
  }

  private static void write(
      ChannelHandlerContext ctx,
      Shared shared,
      String method,
      String uri,
      long bytesIn,
      Reply r,
      long start,
      boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      account(ctx, shared, method, uri, bytesIn, r, start);
      return;
    }
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(r.body()));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    r.headers().forEach((k, v) -> res.headers().set(k, v));
    if (!keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    account(ctx, shared, method, uri, bytesIn, r, start);
    var f = ctx.writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void account(
      ChannelHandlerContext ctx,
      Shared shared,
      String method,
      String uri,
      long bytesIn,
      Reply r,
      long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    shared.metrics.recordRequest(protocol(uri), r.status(), seconds);
    shared.metrics.inFlight(-1);
    SocketAddress remote = ctx.channel().remoteAddress();
    String who =
        remote instanceof InetSocketAddress a
            ? a.getAddress().getHostAddress()
            : String.valueOf(remote);
    shared.accessLog.log(
        who, method, uri, r.status(), bytesIn, r.body().length, seconds * 1000, r.error());
  }

  private static String protocol(String uri) {
    if (uri.startsWith("/v1/")) {
      return "v1";
    }
    if (uri.startsWith("/v2")) {
      return "v2";
    }
    if (uri.startsWith("/metrics")) {
      return "metrics";
    }
    return "other";
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset connection: nothing to answer
  }
}
