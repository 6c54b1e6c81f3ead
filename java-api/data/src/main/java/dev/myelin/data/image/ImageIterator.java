package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import dev.myelin.models.Batch;
import dev.myelin.models.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keras 2.2's image {@code Iterator}: an endless stream of batches over {@code n} samples, in a new
 * order each pass when shuffling, that {@code fit} consumes as a {@link Dataset}.
 *
 * <p>Batch {@code t} (counting from 0 since the iterator was made) draws everything random from
 * numpy's {@code RandomState(seed + t)}: the new order at the start of a pass, then each sample's
 * augmentation. Keras seeds numpy's global generator with {@code seed + total_batches_seen} the
 * same way, so a seeded iterator gives the batches Keras 2.2 gives. Without a seed a random base
 * seed is drawn once.
 *
 * <p>Because a batch depends only on its number, batches are decoded and augmented ahead of time on
 * background threads ({@link #workers}, default 1, as Keras's {@code fit_generator}) into a bounded
 * queue ({@link #maxQueueSize}, default 10, as Keras); {@code maxQueueSize(0)} makes them on the
 * calling thread. The results are the same either way. A batch that fails (a corrupt file) throws
 * from {@link #next} naming the file; the iterator stays usable and the following call returns the
 * following batch. Batches already prefetched are never dropped: stopping half-way through a pass
 * and resuming later continues exactly where the reader stopped.
 *
 * <p>As a {@link Dataset}, an epoch is {@link #stepsPerEpoch} batches (default {@code ceil(n /
 * batchSize)}, Keras's {@code len(iterator)}), each the next batch of the stream.
 */
public abstract class ImageIterator implements Dataset, Iterator<ImageBatch>, AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final int n;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private int batchIndex;
  private long totalBatchesSeen;
  private int[] indexArray;
  private int stepsPerEpoch;
  private int workers = 1;
  private int maxQueueSize = 10;
  private ExecutorService pool;
  private final ArrayDeque<Future<Produced>> queue = new ArrayDeque<>();
  private long waitedNanos;
  private long batchesServed;

  /** What a worker makes: the sample positions and their images, HWC one after the other. */
  private record Produced(int[] indices, float[] x) {}

  /**
   * An iterator over {@code n} samples.
   *
   * @param n the number of samples, positive
   * @param batchSize the batch size, positive
   * @param shuffle whether each pass visits the samples in a new order
   * @param seed the seed of every random draw, in [0, 2^32 - 1], or null for a random one
   */
  protected ImageIterator(int n, int batchSize, boolean shuffle, Long seed) {
    check(n > 0, "n", "at least one sample", n);
    check(batchSize > 0, "batchSize", "a positive integer", batchSize);
    check(
        seed == null || (seed >= 0 && seed <= 0xffffffffL),
        "seed",
        "null or a value in [0, 4294967295]",
        seed);
    this.n = n;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed != null ? seed : new SecureRandom().nextInt(Integer.MAX_VALUE);
  }

  /**
   * The shape of one sample, {@code {height, width, channels}}.
   *
   * @return three sizes
   */
  protected abstract int[] imageShape();

  /**
   * Makes sample {@code index} into {@code out} at {@code offset} ({@code height * width *
   * channels} floats), drawing any randomness from {@code rng}; runs on a worker thread.
   *
   * @param index the sample's position
   * @param rng the batch's generator, shared by the batch's samples in order
   * @param out the batch buffer
   * @param offset where this sample starts
   * @throws IOException if the sample's file cannot be read (the message names it)
   */
  protected abstract void load(int index, RandomState rng, float[] out, int offset)
      throws IOException;

  /**
   * The targets of the samples at {@code indices}, or null; runs on the consumer's thread, so the
   * tensor belongs to its current scope.
   *
   * @param indices the batch's sample positions
   * @param x the batch's images (for targets that repeat the input)
   * @return the targets, or null
   */
  protected abstract Tensor targets(int[] indices, Tensor x);

  /**
   * The number of samples.
   *
   * @return {@code n}
   */
  public int n() {
    return n;
  }

  /**
   * The batch size.
   *
   * @return the number of samples per batch (the last batch of a pass may have fewer)
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Keras's {@code len(iterator)}: the batches in one pass, {@code ceil(n / batchSize)}.
   *
   * @return the number of batches per pass
   */
  public int length() {
    return (n + batchSize - 1) / batchSize;
  }

  /**
   * How many threads decode and augment ahead (default 1).
   *
   * @param count a positive number of threads
   * @return this iterator
   */
  public synchronized ImageIterator workers(int count) {
    check(count > 0, "workers", "a positive number of threads", count);
    if (count != workers) {
      stopPool();
      workers = count;
    }
    return this;
  }

  /**
   * How many batches may wait ready in the queue (default 10); 0 makes each batch on the calling
   * thread when it is asked for.
   *
   * @param size zero or a positive number of batches
   * @return this iterator
   */
  public synchronized ImageIterator maxQueueSize(int size) {
    check(size >= 0, "maxQueueSize", "zero or a positive number of batches", size);
    maxQueueSize = size;
    return this;
  }

  /**
   * The batches {@code fit} takes per epoch (Keras's {@code steps_per_epoch}); 0 restores the
   * default {@link #length()}.
   *
   * @param steps zero or a positive number of batches
   * @return this iterator
   */
  public synchronized ImageIterator stepsPerEpoch(int steps) {
    check(steps >= 0, "stepsPerEpoch", "zero (one pass) or a positive number of batches", steps);
    stepsPerEpoch = steps;
    return this;
  }

  /**
   * The total time {@link #next} has spent waiting for a batch to be made (on this thread without
   * prefetching, or for a worker), for measuring the input pipeline.
   *
   * @return nanoseconds since the iterator was made
   */
  public synchronized long waitedNanos() {
    return waitedNanos;
  }

  /**
   * The number of batches {@link #next} has returned or failed on.
   *
   * @return the count
   */
  public synchronized long batchesServed() {
    return batchesServed;
  }

  /**
   * Always true: the stream never ends (Keras 2.2); bound it with a count or {@link
   * #stepsPerEpoch}.
   */
  @Override
  public boolean hasNext() {
    return true;
  }

  /**
   * The next batch, as Keras's {@code it.next()}; its tensors belong to the caller's current scope.
   *
   * @throws UncheckedIOException if a sample of this batch cannot be read (the iterator moves on)
   */
  @Override
  public synchronized ImageBatch next() {
    long start = System.nanoTime();
    Produced p;
    try {
      p = produceNext();
    } finally {
      waitedNanos += System.nanoTime() - start;
      batchesServed++;
    }
    int[] shape = imageShape();
    Tensor x = Tensor.fromArray(p.x, p.indices.length, shape[0], shape[1], shape[2]);
    return new ImageBatch(x, targets(p.indices, x), p.indices);
  }

  private Produced produceNext() {
    if (maxQueueSize == 0) {
      Job job = schedule();
      return produce(job);
    }
    refill();
    Future<Produced> head = queue.poll();
    refill();
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ImageIterator.next: interrupted while waiting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private void refill() {
    if (pool == null) {
      // Idle loader threads end after a few seconds, so an iterator that is dropped without
      // close() (fit never closes its dataset) leaves no thread behind.
      ThreadPoolExecutor p =
          new ThreadPoolExecutor(
              workers,
              workers,
              5,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "myelin-image-loader-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      p.allowCoreThreadTimeOut(true);
      pool = p;
    }
    while (queue.size() < maxQueueSize) {
      Job job = schedule();
      queue.add(pool.submit(() -> produce(job)));
    }
  }

  /** One scheduled batch: its sample positions and its generator (after any reshuffle). */
  private record Job(int[] indices, RandomState rng) {}

  /** Keras's {@code _flow_index}: the next batch's positions, in batch order; never concurrent. */
  private Job schedule() {
    RandomState rng = new RandomState((seed + totalBatchesSeen) & 0xffffffffL);
    if (batchIndex == 0) {
      indexArray = shuffle ? rng.permutation(n) : identity(n);
    }
    int current = batchIndex * batchSize;
    if (n > current + batchSize) {
      batchIndex++;
    } else {
      batchIndex = 0;
    }
    totalBatchesSeen++;
    return new Job(Arrays.copyOfRange(indexArray, current, Math.min(n, current + batchSize)), rng);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private Produced produce(Job job) {
    int[] shape = imageShape();
    int size = shape[0] * shape[1] * shape[2];
    float[] x = new float[job.indices.length * size];
    for (int i = 0; i < job.indices.length; i++) {
      try {
        load(job.indices[i], job.rng, x, i * size);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return new Produced(job.indices, x);
  }

  @Override
  public int steps() {
    return stepsPerEpoch > 0 ? stepsPerEpoch : length();
  }

  @Override
  public long samples() {
    return stepsPerEpoch > 0 ? -1 : n;
  }

  /** The next batch of the stream ({@code step} only counts; the stream decides the order). */
  @Override
  public Batch batch(int step) {
    ImageBatch b = next();
    return new Batch(new Tensor[] {b.x()}, b.y() == null ? null : new Tensor[] {b.y()}, null);
  }

  /**
   * Stops the background threads; batches waiting in the queue are kept and served first by later
   * calls (which start new threads when needed).
   */
  @Override
  public synchronized void close() {
    stopPool();
  }

  private void stopPool() {
    if (pool != null) {
      // Finish what is queued so that nothing scheduled is lost, then let the threads end.
      pool.shutdown();
      pool = null;
    }
  }
}
