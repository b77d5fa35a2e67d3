#!/usr/bin/env bash
# Builds the API baseline that the api-check profile (japicmp) compares with: the modules listed in
# api-baseline.properties, built from the commit named there, as target/api-baseline/<artifactId>.jar.
# Needs only git history and Maven (no published artifact), so it works offline once dependencies are cached.
# Extra arguments go to Maven, e.g. scripts/api-baseline.sh -o
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

prop() { sed -n "s/^$1=//p" api-baseline.properties; }
commit=$(prop commit)
version=$(prop version)
modules=$(prop modules)
out="$root/target/api-baseline"

if [[ -f "$out/.commit" && "$(cat "$out/.commit")" == "$commit" ]]; then
  echo "API baseline $version ($commit) already built in target/api-baseline"
  exit 0
fi
if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "api-baseline: commit $commit (release $version) is not in this clone's history;" \
       "fetch the full history (git fetch --unshallow) and run again" >&2
  exit 2
fi

src="$root/target/api-baseline-src"
rm -rf "$src" "$out"
mkdir -p "$src" "$out"
git archive "$commit" | tar -x -C "$src"
(cd "$src" && ./mvnw -B -q package -DskipTests -pl "$(echo "$modules" | tr ' ' ',')" -am "$@")
for m in $modules; do
  jar=$(ls "$src/$m/target/$m-"*.jar | grep -v -e '-sources.jar$' -e '-javadoc.jar$' -e '-tests.jar$' | head -1)
  cp "$jar" "$out/$m.jar"
done
echo "$commit" > "$out/.commit"
rm -rf "$src"
echo "API baseline $version ($commit) built in target/api-baseline: $modules"
