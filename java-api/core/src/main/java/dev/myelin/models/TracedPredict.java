package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Recurrent;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The traced inference of one {@link Model} ({@code predict}, {@code predictOnBatch}): the default
 * {@link Model#predictStep} on a batch of one shape recorded as a native plan, replayed for every
 * later batch of that shape in one native call that reads the batch as a view of rows of the
 * caller's array and writes the outputs straight into rows of the result ({@code
 * mln_plan_run_rows}). A replay executes the same native calls with the same arguments as the eager
 * step, so the numbers are the same bit for bit; its intermediates come from the allocator's cache,
 * and no Java object is made per batch.
 *
 * <p>A plan is not reentrant, so each shape keeps up to {@link #PER_SHAPE} plans and a thread takes
 * a free one (recording another when all are busy): several threads predict at once, each with its
 * own plan. Plans belong to the weights they were recorded with: {@code setWeights}, {@code
 * loadWeights} or any assignment that replaces a weight's tensor drops them (in-place updates, as
 * {@code fit} makes, are read by the replay). A batch whose recording cannot be replayed (a random
 * layer in inference, a layer that reads values on the host) is recorded once more, then runs
 * eagerly for good.
 */
final class TracedPredict {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final int PER_SHAPE = 4;
  private static final int MAX_PLANS = 32;
  private static final int MAX_ATTEMPTS = 2;

  /** Whether a model class runs the default predictStep (an overriding one runs as written). */
  private static final ClassValue<Boolean> DEFAULT_STEP =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("predictStep", StepContext.class).getDeclaringClass()
                == Model.class;
          } catch (NoSuchMethodException e) {
            return false;
          }
        }
      };

  /** One recorded plan for inputs of one shape; {@code busy} while a thread replays it. */
  private static final class Plan {
    final TracedStep.PlanRef ref;
    final Cleaner.Cleanable cleanable;
    final String reason;
    final int[] dtypes;
    final long[][] shapes;
    final DType[] outDtypes;
    final long[][] outShapes;
    final long[] in;
    final long[] out;
    boolean busy;

    Plan(long plan, String reason, Tensor[] ins, DType[] outDtypes, long[][] outShapes) {
      this.ref = new TracedStep.PlanRef(reason == null ? plan : 0);
      this.cleanable = CLEANER.register(this, ref);
      this.reason = reason;
      this.dtypes = new int[ins.length];
      this.shapes = new long[ins.length][];
      for (int i = 0; i < ins.length; i++) {
        dtypes[i] = ins[i].dtype().code();
        shapes[i] = ins[i].shape();
      }
      this.outDtypes = outDtypes;
      this.outShapes = outShapes;
      this.in = new long[ins.length];
      this.out = new long[outShapes.length];
    }

    /** Whether this plan was recorded for {@code rows} rows of inputs like {@code xs}. */
    boolean matches(Tensor[] xs, long rows) {
      if (xs.length != shapes.length) {
        return false;
      }
      for (int i = 0; i < xs.length; i++) {
        long[] want = shapes[i];
        Tensor x = xs[i];
        if (x.dtype().code() != dtypes[i] || x.rank() != want.length || want[0] != rows) {
          return false;
        }
        for (int d = 1; d < want.length; d++) {
          if (x.dim(d) != want[d]) {
            return false;
          }
        }
      }
      return true;
    }

    /** Replays the plan on rows {@code [row, row + batch)} of {@code xs} into the same of dst. */
    void run(Tensor[] xs, Tensor[] dst, long row) {
      for (int i = 0; i < xs.length; i++) {
        in[i] = xs[i].nativeHandle();
      }
      for (int k = 0; k < dst.length; k++) {
        out[k] = dst[k].nativeHandle();
      }
      int status =
          NativeCore.mln_plan_run_rows(ref.plan(), in.length, in, row, out.length, out, row);
      Reachable.after(status, xs, dst);
      Errors.checkStatus(status, "predict (traced)");
    }
  }

  private final Model model;
  private final ArrayList<Plan> plans = new ArrayList<>();
  private int attempts;
  private Variable[] vars = new Variable[0];
  private Tensor[] values = new Tensor[0];
  private int recordings;
  // A stateful recurrent layer carries its states between calls in Java: its steps are never
  // recorded, because a recording runs the step and would advance the states a second time.
  private boolean stateful;

  TracedPredict(Model model) {
    this.model = model;
  }

  /** How many plans were recorded so far (for tests). */
  synchronized int recordings() {
    return recordings;
  }

  /** One line per cached plan, as {@link Model#tracedSteps()} describes the training plans. */
  synchronized List<String> describe() {
    List<String> r = new ArrayList<>();
    for (Plan p : plans) {
      r.add(
          p.reason == null
              ? "replayable, " + NativeCore.mln_plan_ops(p.ref.plan()) + " native calls"
              : "eager: " + p.reason);
    }
    return r;
  }

  /**
   * The outputs of {@link Model#predictStep} over {@code xs} (checked float inputs of equal row
   * counts) in batches of {@code batchSize}, each output's batches in order, or null when the eager
   * loop must run (tracing off, a user predictStep, a GradientTape recording, an unreplayable
   * step). The results belong to the caller's scope.
   */
  Tensor[] predict(Tensor[] xs, int batchSize) {
    if (model.runEagerly()
        || Recorder.active()
        || !DEFAULT_STEP.get(model.getClass())
        || xs.length == 0
        || xs[0].rank() == 0
        || xs[0].dim(0) == 0) {
      return null;
    }
    long n = xs[0].dim(0);
    long b = Math.min(batchSize, n);
    long rem = n % b;
    Plan full = acquire(xs, b);
    if (full == null) {
      return null;
    }
    Plan tail = null;
    try {
      if (rem != 0) {
        tail = acquire(xs, rem);
        if (tail == null) {
          return null;
        }
      }
      Tensor[] r = new Tensor[full.outShapes.length];
      for (int k = 0; k < r.length; k++) {
        long[] s = full.outShapes[k].clone();
        s[0] = n;
        r[k] = Tensor.empty(full.outDtypes[k], s);
      }
      long row = 0;
      int step = 0;
      for (; row + b <= n; row += b) {
        full.run(xs, r, row);
        // The same batch boundary as the eager loop's: an interrupt (Ctrl-C from Python) stops
        // here.
        LoopInterruptedException.check("predict", model, ++step, null);
      }
      if (tail != null) {
        tail.run(xs, r, row);
      }
      return r;
    } finally {
      release(full);
      release(tail);
    }
  }

  /** A free replayable plan for {@code rows} rows of inputs like {@code xs}, or null (eager). */
  private Plan acquire(Tensor[] xs, long rows) {
    synchronized (this) {
      if (!sameWeights()) {
        clear();
      }
      if (stateful) {
        return null;
      }
      int matching = 0;
      for (Plan p : plans) {
        if (!p.matches(xs, rows)) {
          continue;
        }
        if (p.reason != null) {
          return null;
        }
        matching++;
        if (!p.busy) {
          p.busy = true;
          return p;
        }
      }
      if (matching >= PER_SHAPE) {
        return null;
      }
    }
    Plan p = record(xs, rows);
    synchronized (this) {
      recordings++;
      if (p.reason != null) {
        // the first recording of a model may build lazy state (its weights' first use): try once
        // more before the shape runs eagerly for good
        if (++attempts >= MAX_ATTEMPTS) {
          add(p);
        } else {
          p.cleanable.clean();
        }
        return null;
      }
      p.busy = true;
      add(p);
      return p;
    }
  }

  private void add(Plan p) {
    if (plans.size() >= MAX_PLANS) {
      for (int i = 0; i < plans.size(); i++) {
        if (!plans.get(i).busy) {
          plans.remove(i).cleanable.clean();
          break;
        }
      }
    }
    plans.add(p);
  }

  private synchronized void release(Plan p) {
    if (p != null) {
      p.busy = false;
      if (!plans.contains(p)) {
        p.cleanable.clean();
      }
    }
  }

  /** Frees every plan not in use (the others when their run ends) and forgets the weights. */
  synchronized void clear() {
    for (Plan p : plans) {
      if (!p.busy) {
        p.cleanable.clean();
      }
    }
    plans.clear();
    attempts = 0;
    stateful = false;
    for (Layer l : model.layers()) {
      stateful |= l instanceof Recurrent && Boolean.TRUE.equals(l.getConfig().get("stateful"));
    }
    List<Variable> w = model.weights();
    vars = w.toArray(new Variable[0]);
    values = new Tensor[vars.length];
    for (int i = 0; i < vars.length; i++) {
      values[i] = vars[i].value();
    }
  }

  /** Whether every weight still holds the tensor the plans captured. */
  private boolean sameWeights() {
    for (int i = 0; i < vars.length; i++) {
      if (vars[i].value() != values[i]) {
        return false;
      }
    }
    return !plans.isEmpty() || attempts > 0 || vars.length > 0;
  }

  /**
   * Records {@code model.predictStep} on the first {@code rows} rows of {@code xs} (it runs once,
   * for real, while recording); returns a replayable plan or a verdict.
   */
  private Plan record(Tensor[] xs, long rows) {
    try (TensorScope scope = new TensorScope()) {
      Tensor[] ins = new Tensor[xs.length];
      long[] hs = new long[xs.length];
      for (int i = 0; i < xs.length; i++) {
        ins[i] = rows == xs[i].dim(0) ? xs[i] : xs[i].slice(Slice.range(0, rows));
        hs[i] = ins[i].nativeHandle();
      }
      long plan = Reachable.after(NativeCore.mln_plan_begin(hs.length, hs), ins);
      if (plan == 0) {
        String why = NativeCore.mln_last_error();
        NativeCore.mln_clear_error();
        return new Plan(0, "cannot record: " + why, ins, new DType[0], new long[0][]);
      }
      DType[] outDtypes;
      long[][] outShapes;
      boolean ended = false;
      try (TensorScope step = new TensorScope()) {
        StepContext ctx = new StepContext(model, StepContext.Mode.PREDICT, null, false);
        ctx.batch(new Batch(ins, null, null));
        Tensor[] outs = model.predictStep(ctx);
        long[] oh = new long[outs.length];
        outDtypes = new DType[outs.length];
        outShapes = new long[outs.length][];
        for (int k = 0; k < outs.length; k++) {
          oh[k] = outs[k].nativeHandle();
          outDtypes[k] = outs[k].dtype();
          outShapes[k] = outs[k].shape();
        }
        Errors.checkStatus(
            Reachable.after(NativeCore.mln_plan_end_rows(plan, oh.length, oh), outs),
            "predict (tracing)");
        ended = true;
      } finally {
        if (!ended) {
          NativeCore.mln_plan_free(plan);
        }
      }
      // every tensor of the step is closed now: the plan checks that none escaped
      if (NativeCore.mln_plan_finish(plan) != NativeCore.MLN_OK) {
        RuntimeException err = Errors.fail("predict (tracing)");
        NativeCore.mln_plan_free(plan);
        throw err;
      }
      String why =
          NativeCore.mln_plan_replayable(plan) == 0 ? NativeCore.mln_plan_reason(plan) : null;
      for (int k = 0; why == null && k < outShapes.length; k++) {
        if (outShapes[k].length == 0 || outShapes[k][0] != rows) {
          // predict writes output rows where the input rows were: a step that changes the row
          // count is concatenated by the eager loop instead
          why =
              "output "
                  + k
                  + " has shape "
                  + Arrays.toString(outShapes[k])
                  + " for a batch of "
                  + rows
                  + " rows";
        }
      }
      if (why != null) {
        NativeCore.mln_plan_free(plan);
        String reason = why.isEmpty() ? "not replayable" : why;
        return new Plan(0, reason, ins, outDtypes, outShapes);
      }
      return new Plan(plan, null, ins, outDtypes, outShapes);
    }
  }
}
