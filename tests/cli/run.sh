#!/usr/bin/env bash
# End-to-end checks of the bin/myelin launcher on a built tree: each command runs and prints what
# it promises. Fails loudly on the first mismatch.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
M="$ROOT/bin/myelin"
fail() { echo "tests/cli: FAIL: $*" >&2; exit 1; }

out=$("$M" info) || fail "info exited non-zero"
for key in "myelin" "onednn" "cpu isa" "threads"; do
  grep -qi "^$key" <<<"$out" || fail "info lacks a '$key' line: $out"
done
# One line per device the native engine registry enumerates: the CPU always, CUDA when built.
grep -qE "^device +cpu:0: [0-9]+ threads" <<<"$out" || fail "info lists no 'device cpu:0' line: $out"
grep -qE "^device +cuda" <<<"$out" || fail "info says nothing about CUDA devices: $out"

list=$("$M" example --list) || fail "example --list exited non-zero"
grep -qE '^quickstart +[A-Za-z]' <<<"$list" || fail "example --list lacks 'quickstart <description>': $list"

qs=$("$M" quickstart) || fail "quickstart exited non-zero"
grep -qE "^Epoch 20/20" <<<"$qs" || fail "quickstart printed no Epoch 20/20 line: $qs"
grep -qE "final accuracy (0\.9[5-9]|1\.0)" <<<"$qs" || fail "quickstart printed no final accuracy >= 0.95: $qs"

ex_out=$(mktemp -d)
lr=$(cd "$ROOT" && "$M" example logistic-regression --out "$ex_out") || fail "example logistic-regression exited non-zero"
grep -q "Accuracy score: 0.830" <<<"$lr" || fail "logistic-regression printed no book accuracy 0.830: $lr"
[[ -s "$ex_out/logistic-curve.png" ]] || fail "logistic-regression wrote no plot into $ex_out"
rm -rf "$ex_out"

"$M" nosuchcommand >/dev/null 2>&1 && fail "an unknown command must exit non-zero"
"$M" example nosuchexample >/dev/null 2>&1 && fail "an unknown example must exit non-zero"

mm=$("$M" bench matmul --quick) || fail "bench matmul --quick exited non-zero"
grep -q '"gflops"' <<<"$mm" || fail "bench matmul printed no gflops JSON: $mm"
el=$("$M" bench eltwise --quick) || fail "bench eltwise --quick exited non-zero"
grep -q '"gbps"' <<<"$el" || fail "bench eltwise printed no gbps JSON: $el"

tiny=$("$M" bench tiny --quick --threads 1 2>/dev/null) || fail "bench tiny --quick exited non-zero"
grep -q '"us_per_step"' <<<"$tiny" || fail "bench tiny printed no us_per_step JSON: $tiny"
"$M" bench nosuchworkload >/dev/null 2>&1 && fail "an unknown benchmark must exit non-zero"
# The Python peers build the same synthetic data as the Java harness (values from BenchMainTest).
if python3 -c "import numpy" >/dev/null 2>&1; then
  python3 - "$ROOT/tests/bench" <<'PY' || fail "tests/bench/peers.py's synthetic data differs from SyntheticData.java"
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import peers
x, y = peers.synthetic("circles", 3)
assert x[1, 0] == np.float32(37 / 50.0 - 1.0) and x[1, 1] == np.float32(59 / 51.0 - 1.0) and y[1, 0] == 1
x, y = peers.synthetic("mnist", 200)
assert y[1] == 1 and y[11] == 3 and (y != np.arange(200) % 10).sum() == 20 and x.shape == (200, 784)
assert x[11, 5] == np.float32(0.7 * (29499 / 65520.0)) and x[11, 2] == np.float32(0.3 + 0.7 * (59901 / 65520.0))
x, y = peers.synthetic("sequences", 6)
assert x.shape == (6, 80) and x[0, 0] == 83 and x[1, 0] == 1379 and list(x[[0, 1, 5], 79]) == [1500, 1372, 761]
assert list(y[[0, 1, 5], 0]) == [0, 0, 1]
PY
fi
# The peers build models from a workload's layer list; with Keras on JAX, a quick run of the cnn
# workload as the harness describes it trains and parses (tests/bench/test_peers.py: the builders).
if KERAS_BACKEND=jax python3 -c "import keras, jax, pytest" >/dev/null 2>&1; then
  KERAS_BACKEND=jax python3 -m pytest -q -p no:cacheprovider "$ROOT/tests/bench" >/dev/null \
    || fail "tests/bench/test_peers.py failed"
  spec=$("$M" bench cnn --describe --quick --threads 1) || fail "bench cnn --describe exited non-zero"
  cnn=$(KERAS_BACKEND=jax python3 "$ROOT/tests/bench/peers.py" --framework keras-jax --spec "$spec") \
    || fail "peers.py keras-jax cnn exited non-zero"
  grep -q '"samples_per_s"' <<<"$cnn" || fail "peers.py keras-jax cnn printed no samples_per_s: $cnn"
fi

# bin/myelin serve: bad flags exit non-zero with a message (a missing model path; --grpc-port
# without any --model).
missing=$("$M" serve --model wifi=/nonexistent 2>&1) && fail "serve with a missing model path must exit non-zero"
grpc=$("$M" serve --grpc-port 8500 2>&1) && fail "serve --grpc-port without a model must exit non-zero"
grep -q "give at least one --model" <<<"$grpc" || fail "serve --grpc-port without a model printed no usage message: $grpc"

echo "tests/cli: launcher checks passed"
