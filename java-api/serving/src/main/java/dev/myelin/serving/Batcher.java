package dev.myelin.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching in front of one model version: a bounded queue of requests and worker threads
 * that each take the oldest request plus those queued behind it (up to {@code maxBatchSize} rows,
 * waiting at most {@code maxQueueDelayNanos} for more) and run them as one batch.
 *
 * <p>A full queue refuses at once with {@code RESOURCE_EXHAUSTED} rather than letting latency grow
 * without bound; a request whose deadline passed while it waited is answered {@code
 * DEADLINE_EXCEEDED} and not computed. {@link #close()} stops accepting and finishes everything
 * already queued, so a version being replaced answers its in-flight requests.
 */
final class Batcher implements AutoCloseable {
  /** One queued request. */
  static final class Pending {
    final InferenceRequest request;
    final int rows;
    final CompletableFuture<InferenceResult> future = new CompletableFuture<>();

    Pending(InferenceRequest request, int rows) {
      this.request = request;
      this.rows = rows;
    }
  }

  /** Runs one batch and completes every pending future in it. */
  interface Runner {
    /** Computes {@code batch} (requests of the same model version) and completes their futures. */
    void run(List<Pending> batch);
  }

  /** Observes the sizes of the batches run (rows per batch), for the metrics. */
  interface BatchObserver {
    /** Called once per batch with its total rows. */
    void batchRan(int rows);
  }

  private final String name;
  private final int maxBatchSize;
  private final long maxQueueDelayNanos;
  private final BlockingQueue<Pending> queue;
  private final Runner runner;
  private final BatchObserver observer;
  private final List<Thread> workers = new ArrayList<>();
  private final ReentrantLock gather = new ReentrantLock();
  private Pending carry; // taken from the queue but did not fit the last batch; guarded by gather
  private volatile boolean closed;

  Batcher(
      String name,
      int maxBatchSize,
      long maxQueueDelayNanos,
      int queueCapacity,
      int workerCount,
      Runner runner,
      BatchObserver observer) {
    this.name = name;
    this.maxBatchSize = maxBatchSize;
    this.maxQueueDelayNanos = maxQueueDelayNanos;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.runner = runner;
    this.observer = observer;
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, "myelin-batcher-" + name + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** Queues a request of {@code rows} rows; fails at once when the queue is full or closed. */
  CompletableFuture<InferenceResult> submit(InferenceRequest request, int rows) {
    if (closed) {
      throw new ServingException(
          ServingException.Code.UNAVAILABLE, "model " + name + " is being unloaded");
    }
    Pending p = new Pending(request, rows);
    if (!queue.offer(p)) {
      throw new ServingException(
          ServingException.Code.RESOURCE_EXHAUSTED,
          "model "
              + name
              + ": the request queue is full ("
              + (queue.size() + queue.remainingCapacity())
              + " requests waiting); retry later");
    }
    // close() may have run between the check above and the offer, and its workers may be gone.
    if (closed && queue.remove(p)) {
      throw new ServingException(
          ServingException.Code.UNAVAILABLE, "model " + name + " is being unloaded");
    }
    return p.future;
  }

  /** Requests waiting to run. */
  int queueDepth() {
    return queue.size();
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  private void work() {
    while (true) {
      List<Pending> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      if (batch.isEmpty()) {
        continue;
      }
      List<Pending> live = new ArrayList<>(batch.size());
      long now = System.nanoTime();
      int rows = 0;
      for (Pending p : batch) {
        if (p.future.isDone()) {
          continue; // the front end already answered (its timer fired)
        }
        if (now - p.request.deadlineNanos() > 0) {
          p.future.completeExceptionally(
              new ServingException(
                  ServingException.Code.DEADLINE_EXCEEDED,
                  "model " + name + ": the request's deadline passed while it was queued"));
          continue;
        }
        live.add(p);
        rows += p.rows;
      }
      if (live.isEmpty()) {
        continue;
      }
      observer.batchRan(rows);
      try {
        runner.run(live);
      } catch (RuntimeException | Error e) {
        for (Pending p : live) {
          p.future.completeExceptionally(
              new ServingException(
                  ServingException.Code.INTERNAL, "model " + name + ": " + e.getMessage(), e));
        }
      }
    }
  }

  /** The next batch; empty when none arrived in a while; null when closed and drained. */
  private List<Pending> nextBatch() throws InterruptedException {
    gather.lock();
    try {
      Pending first = carry;
      carry = null;
      if (first == null) {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      }
      if (first == null) {
        return closed && queue.isEmpty() ? null : List.of();
      }
      List<Pending> batch = new ArrayList<>();
      batch.add(first);
      int rows = first.rows;
      long until = System.nanoTime() + maxQueueDelayNanos;
      while (rows < maxBatchSize) {
        Pending next = queue.poll();
        if (next == null && maxQueueDelayNanos > 0 && !closed) {
          long left = until - System.nanoTime();
          if (left <= 0) {
            break;
          }
          next = queue.poll(left, TimeUnit.NANOSECONDS);
        }
        if (next == null) {
          break;
        }
        if (rows + next.rows > maxBatchSize) {
          carry = next;
          break;
        }
        batch.add(next);
        rows += next.rows;
      }
      return batch;
    } finally {
      gather.unlock();
    }
  }

  /** Stops accepting, finishes every queued request, and waits for the workers. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
