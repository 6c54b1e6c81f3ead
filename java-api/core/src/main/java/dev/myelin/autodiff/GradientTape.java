package dev.myelin.autodiff;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Recorder;
import dev.myelin.internal.TapeHook;
import dev.myelin.internal.TensorAccess;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records differentiable tensor operations and computes gradients by reverse-mode automatic
 * differentiation, in the style of TensorFlow's {@code tf.GradientTape}:
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *   tape.watch(w);
 *   Tensor loss = x.matmul(w).add(b).square().mean();
 *   Tensor[] g = tape.gradient(loss, w, b);
 * }
 * }</pre>
 *
 * <p>An operation is recorded on every active tape of the calling thread (tapes nest) that watches
 * one of its inputs; its output becomes watched too. The tape keeps its own native references to
 * the tensors its backward rules need, so closing them (or their scope) during recording is safe;
 * they are released when the tape is closed, or right after {@link #gradient} on a non-persistent
 * tape.
 *
 * <p>Limits: gradients are first order (gradient computations are not themselves recorded); integer
 * and bool outputs are not differentiable, so a source reached only through them (or not at all)
 * gets a null gradient, like TensorFlow's None. {@code sign}, {@code floor}, {@code ceil}, {@code
 * round}, {@code mod}, comparisons, arg-reductions and {@code oneHot} are not recorded.
 */
public final class GradientTape implements AutoCloseable {
  private final boolean persistent;
  private final Set<Tensor> watched = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Node> nodes = new ArrayList<>();
  private final Hook hook = new Hook();
  private static final Cleaner CLEANER = Cleaner.create();

  /** Every tape-owned alias, closed by releaseNodes or, for a tape never closed, by the Cleaner. */
  private final Aliases aliases = new Aliases();

  private final Cleaner.Cleanable cleanable;
  private boolean active;
  private boolean used;
  private boolean closed;
  private int stopped;

  /** One recorded op: user-visible tensors for identity, tape-owned aliases for computation. */
  private static final class Node {
    final String name;
    final BackwardFn fn;
    final Tensor outKey;
    final Tensor[] inKeys;
    final Tensor out;
    final Tensor[] in;

    Node(String name, BackwardFn fn, Tensor outKey, Tensor[] inKeys, Tensor out, Tensor[] in) {
      this.name = name;
      this.fn = fn;
      this.outKey = outKey;
      this.inKeys = inKeys;
      this.out = out;
      this.in = in;
    }
  }

  /** The tape's native references; holds no reference to the tape (it is its Cleaner action). */
  private static final class Aliases implements Runnable {
    private final ArrayList<Tensor> list = new ArrayList<>();

    Tensor add(Tensor t) {
      list.add(t);
      return t;
    }

    @Override
    public void run() {
      for (int i = 0, n = list.size(); i < n; i++) {
        list.get(i).close();
      }
      list.clear();
    }
  }

  private final class Hook implements TapeHook {
    @Override
    public void record(String name, BackwardFn fn, Tensor out, Tensor[] in) {
      if (stopped > 0 || closed) {
        return;
      }
      boolean any = false;
      for (Tensor t : in) {
        if (watched.contains(t)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return;
      }
      TensorAccess acc = TensorAccess.get();
      Tensor[] saved = new Tensor[in.length];
      for (int i = 0; i < in.length; i++) {
        saved[i] = aliases.add(acc.aliasUnmanaged(in[i], name));
      }
      Tensor outAlias = aliases.add(acc.aliasUnmanaged(out, name));
      nodes.add(new Node(name, fn, out, in.clone(), outAlias, saved));
      watched.add(out);
    }
  }

  /** A non-persistent tape (one {@link #gradient} call), active on the calling thread. */
  public GradientTape() {
    this(false);
  }

  /** A tape, active on the calling thread; a persistent one allows several gradient calls. */
  public GradientTape(boolean persistent) {
    this.persistent = persistent;
    this.cleanable = CLEANER.register(this, aliases);
    Recorder.push(hook);
    active = true;
  }

  /** Whether several {@link #gradient} calls are allowed. */
  public boolean isPersistent() {
    return persistent;
  }

  /** Starts tracking operations on the given tensors (floating-point ones; others are ignored). */
  public void watch(Tensor... tensors) {
    checkOpen("watch");
    if (tensors == null) {
      throw new IllegalArgumentException("watch: argument 'tensors' expected Tensors but was null");
    }
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] == null) {
        throw new IllegalArgumentException(
            "watch: argument 'tensors[" + i + "]' expected a Tensor but was null");
      }
      if (tensors[i].isClosed()) {
        throw new IllegalStateException("watch: tensor 'tensors[" + i + "]' was closed");
      }
      watched.add(tensors[i]);
    }
  }

  /** Number of operations recorded so far. */
  public int recordedOps() {
    return nodes.size();
  }

  /**
   * Pauses recording on this tape until the returned handle is closed: {@code try (var s =
   * tape.stopRecording()) { ... }}.
   */
  public AutoCloseable stopRecording() {
    checkOpen("stopRecording");
    stopped++;
    return new AutoCloseable() {
      private boolean done;

      @Override
      public void close() {
        if (!done) {
          done = true;
          stopped--;
        }
      }
    };
  }

  /** Gradients of {@code target} with respect to each source, seeded with ones (see class doc). */
  public Tensor[] gradient(Tensor target, Tensor... sources) {
    return gradient(target, sources, null);
  }

  /**
   * Gradients of {@code target} with respect to each source, seeded with {@code outputGradient}
   * (ones like target when null). Returns one tensor per source, null where the source does not
   * influence target. The results belong to the caller's current scope.
   */
  public Tensor[] gradient(Tensor target, Tensor[] sources, Tensor outputGradient) {
    checkOpen("gradient");
    if (target == null) {
      throw new IllegalArgumentException(
          "gradient: argument 'target' expected a Tensor but was null");
    }
    if (sources == null) {
      throw new IllegalArgumentException(
          "gradient: argument 'sources' expected Tensors but was null");
    }
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] == null) {
        throw new IllegalArgumentException(
            "gradient: argument 'sources[" + i + "]' expected a Tensor but was null");
      }
    }
    if (used && !persistent) {
      throw new IllegalStateException(
          "gradient: a non-persistent GradientTape can compute gradients only once; use new GradientTape(true)");
    }
    used = true;
    Tensor[] result = new Tensor[sources.length];
    Recorder.pause();
    try (TensorScope scope = new TensorScope()) {
      Map<Tensor, Tensor> grads = new IdentityHashMap<>();
      Tensor seed;
      if (outputGradient != null) {
        if (!java.util.Arrays.equals(outputGradient.shape(), target.shape())) {
          throw new IllegalArgumentException(
              "gradient: argument 'outputGradient' expected shape "
                  + java.util.Arrays.toString(target.shape())
                  + " but was "
                  + java.util.Arrays.toString(outputGradient.shape()));
        }
        seed = outputGradient;
      } else {
        seed = target.onesLike();
      }
      grads.put(target, seed);
      for (int k = nodes.size() - 1; k >= 0; k--) {
        Node n = nodes.get(k);
        Tensor gy = grads.get(n.outKey);
        if (gy == null) {
          continue;
        }
        boolean[] needs = new boolean[n.in.length];
        boolean anyNeed = false;
        for (int i = 0; i < needs.length; i++) {
          needs[i] = watched.contains(n.inKeys[i]) && n.in[i].dtype().isFloating();
          anyNeed |= needs[i];
        }
        if (!anyNeed) {
          continue;
        }
        if (gy.dtype() != n.out.dtype()) {
          gy = gy.cast(n.out.dtype());
        }
        Tensor[] gs = n.fn.apply(gy, n.in, n.out, needs);
        for (int i = 0; i < gs.length; i++) {
          if (gs[i] == null || !needs[i]) {
            continue;
          }
          Tensor key = n.inKeys[i];
          Tensor prev = grads.get(key);
          grads.put(key, prev == null ? gs[i] : prev.add(gs[i]));
        }
      }
      for (int i = 0; i < sources.length; i++) {
        Tensor g = grads.get(sources[i]);
        if (g != null) {
          if (g == outputGradient || g.isClosed()) {
            g = g.copy();
          }
          result[i] = g;
        }
      }
      for (Tensor r : result) {
        if (r != null) {
          scope.keep(r);
        }
      }
    } finally {
      Recorder.resume();
      if (!persistent) {
        releaseNodes();
      }
    }
    return result;
  }

  private void releaseNodes() {
    aliases.run();
    nodes.clear();
  }

  private void checkOpen(String op) {
    if (closed) {
      throw new IllegalStateException(op + ": GradientTape was closed");
    }
  }

  /** Stops recording and releases every tensor reference the tape holds (idempotent). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (active) {
      Recorder.remove(hook);
      active = false;
    }
    releaseNodes();
    cleanable.clean();
    watched.clear();
  }
}
