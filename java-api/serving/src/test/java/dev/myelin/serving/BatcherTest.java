package dev.myelin.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dynamic batcher with a runner that blocks on a latch, so what queues behind a running batch
 * is known exactly (no timing in the assertions).
 */
class BatcherTest {
  private final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  private Batcher batcher(int maxBatch, int capacity) {
    return new Batcher(
        "m/1",
        maxBatch,
        0,
        capacity,
        1,
        batch -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          for (Batcher.Pending p : batch) {
            p.future.complete(new InferenceResult("m", 1, p.request.inputs()));
          }
        },
        batches::add);
  }

  private static InferenceRequest request(int rows, long deadlineNanos) {
    return new InferenceRequest(
        "m",
        0,
        List.of(new InferTensor("x", new long[] {rows, 1}, new float[rows])),
        deadlineNanos);
  }

  private static long far() {
    return System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
  }

  @Test
  void requestsQueuedBehindARunningBatchFormTheNextBatch() throws Exception {
    try (Batcher b = batcher(8, 100)) {
      var first = b.submit(request(1, far()), 1);
      running.await();
      List<CompletableFuture<InferenceResult>> rest = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rest.add(b.submit(request(2, far()), 2)); // 10 rows: a batch of 4 requests (8 rows) + 1
      }
      assertEquals(5, b.queueDepth());
      release.countDown();
      first.get();
      for (var f : rest) {
        assertEquals(2, f.get().outputs().get(0).rows());
      }
      assertEquals(List.of(1, 8, 2), batches);
    }
  }

  @Test
  void aFullQueueRefusesWithResourceExhausted() throws Exception {
    try (Batcher b = batcher(8, 2)) {
      b.submit(request(1, far()), 1);
      running.await(); // the first is running: the queue holds the next two
      b.submit(request(1, far()), 1);
      b.submit(request(1, far()), 1);
      ServingException e =
          assertThrows(ServingException.class, () -> b.submit(request(1, far()), 1));
      assertEquals(ServingException.Code.RESOURCE_EXHAUSTED, e.code());
      assertEquals(429, e.code().httpStatus());
      assertTrue(e.getMessage().contains("queue is full"), e.getMessage());
      release.countDown();
    }
  }

  @Test
  void aRequestWhoseDeadlinePassedInTheQueueIsNotRun() throws Exception {
    try (Batcher b = batcher(8, 10)) {
      b.submit(request(1, far()), 1);
      running.await();
      var late = b.submit(request(3, System.nanoTime() - 1), 3);
      var onTime = b.submit(request(1, far()), 1);
      release.countDown();
      var e = assertThrows(ExecutionException.class, late::get);
      assertEquals(
          ServingException.Code.DEADLINE_EXCEEDED, ((ServingException) e.getCause()).code());
      onTime.get();
      assertEquals(List.of(1, 1), batches); // the late request's 3 rows were never run
    }
  }

  @Test
  void closeFinishesQueuedRequestsAndRefusesNewOnes() throws Exception {
    Batcher b = batcher(1, 10);
    var first = b.submit(request(1, far()), 1);
    running.await();
    var queued = b.submit(request(1, far()), 1);
    Thread closer = new Thread(b::close);
    closer.start();
    Fixtures.await("close to start", java.time.Duration.ofSeconds(10), b::isClosed);
    ServingException e = assertThrows(ServingException.class, () -> b.submit(request(1, far()), 1));
    assertEquals(ServingException.Code.UNAVAILABLE, e.code());
    release.countDown();
    closer.join();
    assertEquals(1, first.get().version());
    assertEquals(1, queued.get().version());
  }
}
