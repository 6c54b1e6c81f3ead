package dev.myelin;

import java.util.ArrayList;

/**
 * A region that owns every tensor created on its thread while it is the innermost open scope, and
 * closes them when it closes. Scopes nest (a thread-local stack); use them with try-with-resources:
 *
 * <pre>{@code
 * try (TensorScope scope = new TensorScope()) {
 *   Tensor y = x.mul(2).add(1);
 *   result = scope.keep(y.sum()); // survives: moved to the enclosing scope (or to nobody)
 * } // every other tensor made inside is closed here
 * }</pre>
 *
 * <p>A scope must be closed on the thread that opened it, innermost first.
 */
public final class TensorScope implements AutoCloseable {
  private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

  private final TensorScope parent;
  private final Thread owner;
  private final ArrayList<Tensor> tensors = new ArrayList<>();
  private boolean closed;

  /** Opens a scope nested in this thread's current one. */
  public TensorScope() {
    this.parent = CURRENT.get();
    this.owner = Thread.currentThread();
    CURRENT.set(this);
  }

  /** The innermost open scope of the calling thread, or null. */
  public static TensorScope current() {
    return CURRENT.get();
  }

  /** Registers a new tensor with the calling thread's innermost scope, if any. */
  static void adopt(Tensor t) {
    TensorScope s = CURRENT.get();
    if (s != null) {
      t.scope = s;
      s.tensors.add(t);
    }
  }

  /**
   * Keeps {@code t} alive past this scope: it moves to the enclosing scope (closed when that one
   * closes) or, at the outermost level, to nobody (the caller must close it or let the GC do so).
   * Returns {@code t} for chaining.
   */
  public Tensor keep(Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(
          "TensorScope.keep: argument 't' expected a Tensor but was null");
    }
    if (closed) {
      throw new IllegalStateException("TensorScope.keep: scope was closed");
    }
    if (t.scope == this) {
      t.scope = parent;
      if (parent != null) {
        parent.tensors.add(t);
      }
    }
    return t;
  }

  /** Keeps every given tensor (see {@link #keep(Tensor)}) and returns the array. */
  public Tensor[] keep(Tensor... ts) {
    if (ts == null) {
      throw new IllegalArgumentException(
          "TensorScope.keep: argument 'ts' expected Tensors but was null");
    }
    for (Tensor t : ts) {
      if (t != null) {
        keep(t);
      }
    }
    return ts;
  }

  /** Removes {@code t} from whatever scope owns it (it then lives until closed or collected). */
  static void release(Tensor t) {
    t.scope = null;
  }

  /** Number of tensors this scope currently owns (closed ones included until it closes). */
  public int size() {
    return tensors.size();
  }

  /** Closes every tensor this scope still owns and makes the enclosing scope current again. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    ScopeThreads.requireOwner("TensorScope.close", owner);
    closed = true;
    for (int i = 0, n = tensors.size(); i < n; i++) {
      Tensor t = tensors.get(i);
      if (t.scope == this) {
        t.scope = null;
        t.close();
      }
    }
    tensors.clear();
    if (CURRENT.get() == this) {
      if (parent != null) {
        CURRENT.set(parent);
      } else {
        CURRENT.remove();
      }
    } else {
      TensorScope s = CURRENT.get();
      // An inner scope left open: unlink it and everything above this one.
      while (s != null && s != this) {
        s = s.parent;
      }
      if (s == this) {
        if (parent != null) {
          CURRENT.set(parent);
        } else {
          CURRENT.remove();
        }
      }
    }
  }
}
