package dev.myelin.serving.rest;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers 408 and closes the connection when a client takes longer than the limit to send one
 * request (from its first byte to its last), so a slow or stalled client holds no resources; an
 * idle keep-alive connection with no request started is closed after the same time.
 */
final class SlowClientGuard extends ChannelDuplexHandler {
  private final long limitNanos;
  private final RestHandler.Shared shared;
  private ScheduledFuture<?> timer;
  private HttpRequest current;

  SlowClientGuard(long limitNanos, RestHandler.Shared shared) {
    this.limitNanos = limitNanos;
    this.shared = shared;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(ctx, false);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest r) {
      current = r;
      arm(ctx, true);
    }
    if (msg instanceof LastHttpContent) {
      cancel();
      current = null;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise)
      throws Exception {
    super.write(ctx, msg, promise);
    if (msg instanceof LastHttpContent && ctx.channel().isActive()) {
      // Answered: the connection may now idle until the next request, within the same limit.
      promise.addListener(
          f ->
              ctx.executor()
                  .execute(
                      () -> {
                        if (current == null) {
                          arm(ctx, false);
                        }
                      }));
    }
  }

  private void arm(ChannelHandlerContext ctx, boolean inRequest) {
    cancel();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (inRequest) {
                    HttpRequest r =
                        current != null
                            ? current
                            : new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
                    RestHandler.rejectAndClose(
                        ctx,
                        shared,
                        r,
                        Reply.error(
                            408,
                            "the client sent its request too slowly (limit "
                                + TimeUnit.NANOSECONDS.toMillis(limitNanos)
                                + " ms)"));
                  } else {
                    ctx.close();
                  }
                },
                limitNanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }
}
