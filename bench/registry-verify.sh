#!/usr/bin/env bash
# `vouch verify` against the real docker-registry (127.0.0.1, free ports) with signatures in an HTTP lookaside store:
#   1. request counts of one verification behind a token server (registry access log, lookaside and token counters);
#   2. throughput of one `vouch verify --images-from` call over N distinct signed images (default 1000), with
#      skopeo's time per image for comparison.
# Needs: docker-registry (and skopeo for the comparison). Everything it starts stops, and its files are removed,
# when it ends. Output: bench/results/registry-verify.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v docker-registry >/dev/null || { echo "registry-verify: docker-registry is needed" >&2; exit 2; }
count="${1:-1000}"
jobs="${JOBS:-16}"

"$root/bin/vouch" --version >/dev/null                       # builds the CLI if needed
mvn -B -q -o -f "$root/pom.xml" -pl bench -am package -DskipTests >/dev/null
mkdir -p "$root/bench/results"
{
  echo "# $(date -u +%FT%TZ), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$root/bench/target/benchmarks.jar" dev.vouch.bench.RegistryVerifyLoad "$root/bin/vouch" requests
  echo
  java -cp "$root/bench/target/benchmarks.jar" dev.vouch.bench.RegistryVerifyLoad "$root/bin/vouch" \
    throughput "$count" "$jobs"
} | tee "$root/bench/results/registry-verify.txt"
