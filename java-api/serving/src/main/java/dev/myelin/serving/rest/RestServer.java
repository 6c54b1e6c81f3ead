package dev.myelin.serving.rest;

import dev.myelin.serving.AccessLog;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.Metrics;
import dev.myelin.serving.Route;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Netty HTTP/1.1 front end: decodes requests (bounded line, header and body sizes), guards
 * against slow clients, and hands complete requests to {@link RestHandler}.
 */
public final class RestServer {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService routePool;
  private final Channel channel;
  private final RestHandler.Shared shared;
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Binds {@code host:port} (0: any free port) and starts answering. */
  public RestServer(
      InferenceBackend backend,
      Metrics metrics,
      AccessLog accessLog,
      String host,
      int port,
      int maxRequestBytes,
      Duration requestTimeout,
      Duration clientTimeout,
      Map<String, Route> routes)
      throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    routePool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "myelin-serve-route");
              t.setDaemon(true);
              return t;
            });
    shared =
        new RestHandler.Shared(
            backend,
            metrics,
            accessLog,
            requestTimeout,
            routes,
            routePool,
            new TfServingApi(backend),
            new KServeApi(backend));
    long clientNanos = clientTimeout.toNanos();
    try {
      channel =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec(8192, 16384, 65536))
                          .addLast(new SlowClientGuard(clientNanos, shared))
                          .addLast(new BoundedAggregator(maxRequestBytes, shared))
                          .addLast(new RestHandler(shared));
                    }
                  })
              .bind(host, port)
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownGroups();
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /**
   * Graceful part of shutdown: new requests get 503 from now on; waits up to {@code grace} for the
   * requests already received to be answered.
   */
  public void drain(Duration grace) {
    shared.draining = true;
    long until = System.nanoTime() + grace.toNanos();
    while (shared.metrics.inFlight() > 0 && System.nanoTime() < until) {
      try {
        // Polls the in-flight count (shared by REST and gRPC, no completion signal of its own);
        // bounded by the grace period above.
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Closes the port and the network threads. */
  public void close() {
    channel.close().awaitUninterruptibly();
    shutdownGroups();
    closed.countDown();
  }

  private void shutdownGroups() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    routePool.shutdownNow();
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Answers an oversized body with 413 and {@code {"error": ...}} instead of Netty's bare 413. */
  private static final class BoundedAggregator extends HttpObjectAggregator {
    private final RestHandler.Shared shared;
    private final int max;

    BoundedAggregator(int max, RestHandler.Shared shared) {
      super(max);
      this.max = max;
      this.shared = shared;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      RestHandler.rejectAndClose(
          ctx,
          shared,
          oversized,
          Reply.error(
              413, "the request body is larger than the server's limit of " + max + " bytes"));
    }
  }
}
