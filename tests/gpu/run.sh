#!/usr/bin/env bash
# `bin/myelin test --gpu`: on the GPU machine (CUDA 13 and cuDNN/cuBLAS in its Python's nvidia
# wheels, CMake and ninja, no JDK, no network) builds the native core, the CUDA engine and its
# GPU tests from the sources plus target/gpu-bundle (tests/gpu/bundle.sh), runs the tests and the
# matmul benchmark, and prints one JSON line per case. Exit status 1 when a test failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUNDLE="${MYELIN_GPU_BUNDLE:-$ROOT/target/gpu-bundle}"
BUILD="${MYELIN_GPU_BUILD:-$ROOT/target/gpu-build}"
PY="${MYELIN_GPU_PYTHON:-python3}"
JOBS="${MYELIN_JOBS:-$(nproc)}"
say() { echo "myelin test --gpu: $*" >&2; }
line() { "$PY" -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[0::2], a[1::2]))))' "$@"; }

[[ -f "$BUNDLE/dnnl.tar.gz" && -f "$BUNDLE/generated/recording.gen.cpp" ]] ||
  { say "no bundle at $BUNDLE: run bin/myelin gpu-bundle on a build machine and carry target/gpu-bundle"; exit 2; }

# The toolchain: the nvidia wheels of this Python (nvidia/cu13: nvcc, cudart, cuBLAS; nvidia/cudnn),
# else a CUDA toolkit on PATH or in /usr/local/cuda. MYELIN_CUDA_ROOT overrides.
mapfile -t NV < <("$PY" - <<'PYEOF' 2>/dev/null || true
import os
try:
    import nvidia
    paths = list(nvidia.__path__)
except Exception:
    paths = []
def first(*rel):
    for p in paths:
        c = os.path.join(p, *rel)
        if os.path.exists(c):
            return c
    return ""
print(first("cu13"))
print(first("cu13", "lib", "libcublas.so.13") or first("cublas", "lib", "libcublas.so.13"))
print(first("cudnn", "lib"))
PYEOF
)
WHEELS_CU13="${NV[0]:-}" CUBLAS="${NV[1]:-}" CUDNN_LIB="${NV[2]:-}"
CUDA_ROOT="${MYELIN_CUDA_ROOT:-}"
if [[ -z "$CUDA_ROOT" ]]; then
  if [[ -n "$WHEELS_CU13" && -x "$WHEELS_CU13/bin/nvcc" ]]; then CUDA_ROOT="$WHEELS_CU13"
  elif command -v nvcc >/dev/null 2>&1; then CUDA_ROOT="$(dirname "$(dirname "$(command -v nvcc)")")"
  elif [[ -x /usr/local/cuda/bin/nvcc ]]; then CUDA_ROOT=/usr/local/cuda
  else say "no nvcc (wheels: '${WHEELS_CU13:-none}', PATH, /usr/local/cuda)"; exit 2
  fi
fi
say "CUDA root $CUDA_ROOT; cuBLAS ${CUBLAS:-beside nvcc}; cuDNN ${CUDNN_LIB:-not found}"

mkdir -p "$BUILD"
rm -rf "$BUILD/dnnl" && mkdir -p "$BUILD/dnnl" && tar -C "$BUILD/dnnl" -xzf "$BUNDLE/dnnl.tar.gz"
GEN=(-G Ninja)
command -v ninja >/dev/null 2>&1 || GEN=()
# GoogleTest: the system's if CMake finds it, else built from the bundled sources.
PREFIX=()
if [[ ! -f /usr/lib/x86_64-linux-gnu/cmake/GTest/GTestConfig.cmake && ! -f /usr/lib/cmake/GTest/GTestConfig.cmake &&
      ! -f /usr/local/lib/cmake/GTest/GTestConfig.cmake ]]; then
  if [[ ! -f "$BUILD/gtest/lib/cmake/GTest/GTestConfig.cmake" && ! -f "$BUILD/gtest/lib64/cmake/GTest/GTestConfig.cmake" ]]; then
    rm -rf "$BUILD/gtest-src" && mkdir -p "$BUILD/gtest-src" && tar -C "$BUILD/gtest-src" -xzf "$BUNDLE/googletest.tar.gz"
    cmake -S "$BUILD/gtest-src/googletest" -B "$BUILD/gtest-build" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_INSTALL_PREFIX="$BUILD/gtest" -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
    cmake --build "$BUILD/gtest-build" --parallel "$JOBS" >/dev/null
    cmake --install "$BUILD/gtest-build" >/dev/null
  fi
  PREFIX=(-DCMAKE_PREFIX_PATH="$BUILD/gtest")
fi
EXTRA=()
[[ -n "$CUBLAS" ]] && EXTRA+=(-DMYELIN_CUBLAS="$CUBLAS")
cmake -S "$ROOT/native-src" -B "$BUILD/native" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DDNNL_ROOT="$BUILD/dnnl" -DMYELIN_PREGENERATED_DIR="$BUNDLE/generated" -DMYELIN_CUDA=ON \
  -DMYELIN_CUDA_ROOT="$CUDA_ROOT" -DMYELIN_BUILD_TESTS=ON -DMYELIN_BUILD_BENCH=ON \
  "${PREFIX[@]}" "${EXTRA[@]}" >"$BUILD/configure.log" 2>&1 ||
  { tail -30 "$BUILD/configure.log" >&2; line case configure result failed; exit 1; }
line case configure result passed status "$(cat "$BUILD/native/cuda-status.txt")"
cmake --build "$BUILD/native" --parallel "$JOBS" --target myelin_cuda_tests bench_cuda_matmul \
  >"$BUILD/build.log" 2>&1 || { tail -40 "$BUILD/build.log" >&2; line case build result failed; exit 1; }
line case build result passed

# cuDNN is found by the engine at run time (its version goes into the device description).
export LD_LIBRARY_PATH="${CUDNN_LIB:+$CUDNN_LIB:}${CUBLAS:+$(dirname "$CUBLAS"):}${LD_LIBRARY_PATH:-}"
rc=0
"$BUILD/native/myelin_cuda_tests" --gtest_output="json:$BUILD/cuda_tests.json" >"$BUILD/cuda_tests.log" 2>&1 || rc=$?
"$PY" - "$BUILD/cuda_tests.json" <<'PYEOF' || rc=1
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except Exception as e:
    print(json.dumps({"case": "myelin_cuda_tests", "result": "crashed", "message": str(e)}))
    sys.exit(1)
failed = 0
for suite in report.get("testsuites", []):
    for t in suite.get("testsuite", []):
        fails = t.get("failures", [])
        skipped = t.get("result") == "SKIPPED" or any("skipped" in str(v).lower() for v in t.get("skipped", []) or [])
        result = "failed" if fails else ("skipped" if skipped else "passed")
        failed += bool(fails)
        out = {"case": f"{suite['name']}.{t['name']}", "result": result, "time": t.get("time")}
        if fails:
            out["message"] = " | ".join(f.get("failure", "")[:500] for f in fails)
        print(json.dumps(out))
sys.exit(1 if failed else 0)
PYEOF
[[ $rc -ne 0 ]] && tail -40 "$BUILD/cuda_tests.log" >&2
"$BUILD/native/bench_cuda_matmul" "${MYELIN_GPU_BENCH_REPS:-20}" || rc=1
exit $rc
