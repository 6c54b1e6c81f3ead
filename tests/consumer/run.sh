#!/usr/bin/env bash
# The published artifacts as a user gets them. Deploys myelin-bom, myelin-core, myelin-data,
# myelin-bridge and myelin-serving (tests skipped: `bin/myelin test` has run them) into a file repository inside
# target/, then builds examples/consumer, a project that knows Myelin only through those
# artifacts, with an empty local Maven repository of its own (third-party jars come from Maven
# Central as for a new user), checks its compile classpath and runs it. Fails loudly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPO="$ROOT/target/consumer-repo"
M2="$ROOT/target/consumer-m2"
CONSUMER="$ROOT/examples/consumer"
fail() { echo "tests/consumer: FAIL: $*" >&2; exit 1; }

version=$(sed -n '/<artifactId>myelin-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$ROOT/pom.xml")
bom_version=$(sed -n 's/^  <version>\(.*\)<\/version>/\1/p' "$ROOT/java-api/bom/pom.xml" | head -1)
[[ -n "$version" && "$version" == "$bom_version" ]] \
  || fail "java-api/bom/pom.xml has version '$bom_version' but the project is '$version'"

rm -rf "$REPO" "$M2/dev/myelin"
# maven.install.skip: deploy runs the install phase first; the user's ~/.m2 stays untouched.
(cd "$ROOT" && mvn -B -q -DskipTests -Dmaven.install.skip=true deploy -DaltDeploymentRepository="consumer::file://$REPO") \
  || fail "mvn deploy into $REPO failed"
for a in myelin-bom myelin-core myelin-data myelin-bridge myelin-serving; do
  [[ -d "$REPO/dev/myelin/$a/$version" ]] || fail "$a $version was not published"
done
for a in myelin-examples myelin-bench; do
  [[ ! -d "$REPO/dev/myelin/$a" ]] || fail "$a must not be published"
done

mvn_c() { (cd "$CONSUMER" && mvn -B -q -U -Dmaven.repo.local="$M2" -Dmyelin.version="$version" \
  -Dmyelin.repo="file://$REPO" "$@"); }
mvn_c package || fail "examples/consumer does not build against the published artifacts"
mvn_c dependency:build-classpath -Dmdep.outputFile="$CONSUMER/target/classpath.txt" \
  -Dmdep.includeScope=compile >/dev/null
cp=$(cat "$CONSUMER/target/classpath.txt")
# No test library may reach a user's compile classpath (pdfbox declares JUnit in compile scope).
bad=$(tr ':' '\n' <<<"$cp" | grep -E '/(junit|opentest4j|apiguardian|hamcrest|jmh|mockito)' || true)
[[ -z "$bad" ]] || fail "test libraries on a user's compile classpath: $bad"
grep -q "myelin-core-$version" <<<"$cp" || fail "the classpath lacks myelin-core $version: $cp"

out=$(java -cp "$CONSUMER/target/classes:$cp" com.example.consumer.Main) || fail "the consumer program failed: $out"
grep -qE "^consumer: accuracy (0\.9[0-9]*|1\.0+), reloaded model equal: true$" <<<"$out" \
  || fail "the consumer program printed: $out"
echo "tests/consumer: OK ($out)"
