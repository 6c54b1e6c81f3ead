package dev.myelin.data.datasets;

import dev.myelin.data.random.RandomState;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments and index arithmetic of Keras's {@code imdb.load_data} / {@code reuters.load_data}:
 * shuffle with {@code RandomState(seed)}, prepend {@code startChar}, shift every word rank by
 * {@code indexFrom}, drop sequences of {@code maxlen} or more, and replace ranks outside {@code
 * [skipTop, numWords)} by {@code oovChar} (or drop them when it is null).
 *
 * <pre>{@code
 * TextSplits d = Imdb.loadData(new SequenceIndexing().numWords(10000));
 * }</pre>
 */
public final class SequenceIndexing {
  private Integer numWords;
  private int skipTop;
  private Integer maxlen;
  private long seed = 113;
  private Integer startChar = 1;
  private Integer oovChar = 2;
  private int indexFrom = 3;
  private double testSplit = 0.2;

  /** Keras's defaults: all words, seed 113, start 1, OOV 2, index_from 3 (test split 0.2). */
  public SequenceIndexing() {}

  /** Keeps ranks below {@code numWords} (null: all). */
  public SequenceIndexing numWords(Integer n) {
    this.numWords = n;
    return this;
  }

  /** Treats ranks below {@code skipTop} (after the shift) as out of vocabulary. */
  public SequenceIndexing skipTop(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "load_data: argument 'skipTop' expected >= 0 but was " + n);
    }
    this.skipTop = n;
    return this;
  }

  /** Drops sequences of {@code maxlen} or more indices (after the start index; null: none). */
  public SequenceIndexing maxlen(Integer n) {
    this.maxlen = n;
    return this;
  }

  /** The shuffling seed (default 113). */
  public SequenceIndexing seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The index put first in each sequence (default 1; null: none). */
  public SequenceIndexing startChar(Integer c) {
    this.startChar = c;
    return this;
  }

  /** The index of out-of-vocabulary words (default 2; null: such words are dropped). */
  public SequenceIndexing oovChar(Integer c) {
    this.oovChar = c;
    return this;
  }

  /** The shift added to every word rank (default 3; the book loads Reuters with 2). */
  public SequenceIndexing indexFrom(int n) {
    this.indexFrom = n;
    return this;
  }

  /** Reuters only: the fraction of (shuffled) newswires kept for testing (default 0.2). */
  public SequenceIndexing testSplit(double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(
          "load_data: argument 'testSplit' expected a fraction in [0, 1] but was " + f);
    }
    this.testSplit = f;
    return this;
  }

  /** The shift added to word ranks ({@code index_from}). */
  public int indexFrom() {
    return indexFrom;
  }

  /** IMDB's arithmetic: separate train and test sets shuffled by one generator in turn. */
  public TextSplits applyImdb(List<int[]> xTrain, int[] yTrain, List<int[]> xTest, int[] yTest) {
    RandomState rng = new RandomState(seed);
    int[] trainOrder = order(rng, xTrain.size());
    int[] testOrder = order(rng, xTest.size());
    List<int[]> tr = shift(xTrain, trainOrder);
    List<int[]> te = shift(xTest, testOrder);
    int[] ytr = permute(yTrain, trainOrder);
    int[] yte = permute(yTest, testOrder);
    if (maxlen != null && maxlen != 0) {
      List<Integer> keepTr = shortOnes(tr);
      List<Integer> keepTe = shortOnes(te);
      tr = pick(tr, keepTr);
      ytr = pick(ytr, keepTr);
      te = pick(te, keepTe);
      yte = pick(yte, keepTe);
      if (tr.isEmpty() || te.isEmpty()) {
        throw new IllegalArgumentException(
            "load_data: argument 'maxlen' expected to keep some sequences but "
                + maxlen
                + " kept none; increase maxlen");
      }
    }
    List<int[]> all = new ArrayList<>(tr);
    all.addAll(te);
    all = limit(all);
    return new TextSplits(
        new ArrayList<>(all.subList(0, tr.size())),
        ytr,
        new ArrayList<>(all.subList(tr.size(), all.size())),
        yte);
  }

  /** Reuters' arithmetic: one set shuffled, then split at {@code int(n * (1 - testSplit))}. */
  public TextSplits applyReuters(List<int[]> xs, int[] labels) {
    RandomState rng = new RandomState(seed);
    int[] order = order(rng, xs.size());
    List<int[]> x = shift(xs, order);
    int[] y = permute(labels, order);
    if (maxlen != null && maxlen != 0) {
      List<Integer> keep = shortOnes(x);
      x = pick(x, keep);
      y = pick(y, keep);
    }
    x = limit(x);
    int idx = (int) (x.size() * (1 - testSplit));
    return new TextSplits(
        new ArrayList<>(x.subList(0, idx)),
        java.util.Arrays.copyOfRange(y, 0, idx),
        new ArrayList<>(x.subList(idx, x.size())),
        java.util.Arrays.copyOfRange(y, idx, y.length));
  }

  private static int[] order(RandomState rng, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    rng.shuffle(idx);
    return idx;
  }

  private static int[] permute(int[] y, int[] order) {
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = y[order[i]];
    }
    return out;
  }

  private List<int[]> shift(List<int[]> xs, int[] order) {
    if (xs.size() != order.length) {
      throw new IllegalArgumentException(
          "load_data: expected as many labels as sequences ("
              + xs.size()
              + ") but was "
              + order.length);
    }
    List<int[]> out = new ArrayList<>(xs.size());
    for (int i : order) {
      int[] s = xs.get(i);
      int off = startChar != null ? 1 : 0;
      int[] t = new int[s.length + off];
      if (startChar != null) {
        t[0] = startChar;
      }
      for (int k = 0; k < s.length; k++) {
        t[k + off] = s[k] + indexFrom;
      }
      out.add(t);
    }
    return out;
  }

  private List<Integer> shortOnes(List<int[]> xs) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      if (xs.get(i).length < maxlen) {
        keep.add(i);
      }
    }
    return keep;
  }

  private static List<int[]> pick(List<int[]> xs, List<Integer> keep) {
    List<int[]> out = new ArrayList<>(keep.size());
    for (int i : keep) {
      out.add(xs.get(i));
    }
    return out;
  }

  private static int[] pick(int[] y, List<Integer> keep) {
    return keep.stream().mapToInt(i -> y[i]).toArray();
  }

  private List<int[]> limit(List<int[]> xs) {
    int nw;
    if (numWords == null || numWords == 0) {
      nw = Integer.MIN_VALUE;
      for (int[] s : xs) {
        if (s.length == 0) {
          throw new IllegalArgumentException(
              "load_data: an empty sequence has no maximum; pass numWords (Keras fails here too)");
        }
        for (int v : s) {
          nw = Math.max(nw, v);
        }
      }
    } else {
      nw = numWords;
    }
    List<int[]> out = new ArrayList<>(xs.size());
    for (int[] s : xs) {
      if (oovChar != null) {
        int[] t = new int[s.length];
        for (int k = 0; k < s.length; k++) {
          t[k] = s[k] >= skipTop && s[k] < nw ? s[k] : oovChar;
        }
        out.add(t);
      } else {
        final int limit = nw;
        out.add(java.util.Arrays.stream(s).filter(v -> v >= skipTop && v < limit).toArray());
      }
    }
    return out;
  }
}
