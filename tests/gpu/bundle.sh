#!/usr/bin/env bash
# Puts into target/gpu-bundle what `bin/myelin test --gpu` needs on the GPU machine besides the
# sources, since that machine has no JDK, no Maven and no network (docs/gpu.md): oneDNN's headers
# and libraries as the build unpacked them from the org.bytedeco:dnnl jar, the two files the
# recording generator (Java) writes, and GoogleTest's sources. Run it after a build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/target/gpu-bundle"
DNNL="$ROOT/java-api/core/target/dnnl/org/bytedeco/dnnl/linux-x86_64"
GEN="$ROOT/java-api/core/target/native/generated"
GTEST_SRC="${MYELIN_GTEST_SRC:-/usr/src/googletest}"
for need in "$DNNL/libdnnl.so.3" "$GEN/recording.gen.cpp" "$GEN/impl_names.gen.h"; do
  [[ -f "$need" ]] || { echo "myelin gpu-bundle: $need is missing; build first (bin/myelin build)" >&2; exit 1; }
done
[[ -f "$GTEST_SRC/CMakeLists.txt" ]] ||
  { echo "myelin gpu-bundle: no GoogleTest sources at $GTEST_SRC (Debian: apt-get install googletest)" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/generated"
cp "$GEN/recording.gen.cpp" "$GEN/impl_names.gen.h" "$OUT/generated/"
# Only what the native build links and includes: the headers, libdnnl.so.3 and libgomp.so.1.
tar -C "$DNNL" -czf "$OUT/dnnl.tar.gz" include libdnnl.so.3 libgomp.so.1
tar -C "$(dirname "$GTEST_SRC")" -czf "$OUT/googletest.tar.gz" "$(basename "$GTEST_SRC")"
echo "myelin gpu-bundle: $OUT ($(du -sh "$OUT" | cut -f1)); carry target/gpu-bundle to the GPU machine"
