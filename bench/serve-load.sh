#!/usr/bin/env bash
# vouch serve's engine against the real docker-registry (127.0.0.1, free ports), as bench/README.md reports it:
#   1. push to commit: skopeo pushes N signed images (default 100), the registry notifies the engine, the time until
#      the digest is committed to a local Git repository of manifests;
#   2. polling cost: the registry's requests for polls of tags that did not move (import rounds, then the schedule
#      at the minimum interval for POLL_SECONDS, default 95);
#   3. scale: TAGS followed tags (default 10000, in REPOS repositories, default 100) at 15-minute intervals: heap after
#      a full GC and CPU over SCALE_SECONDS (default 300), in a JVM limited to 256 MiB of heap (-Xmx256m).
# Needs: docker-registry, skopeo, gpg, git. Everything it starts stops, and its files are removed, when it ends.
# Output: bench/results/serve-load-PART.txt (PART: all, latency, polls or scale). `bench/serve-load.sh latency|polls|scale` runs one part.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for tool in docker-registry skopeo gpg git; do
  command -v "$tool" >/dev/null || { echo "serve-load: $tool is needed" >&2; exit 2; }
done
part="${1:-all}"
mvn -B -q -o -f "$root/pom.xml" -pl bench -am package -DskipTests >/dev/null
mkdir -p "$root/bench/results"
# As bin/vouch starts vouch serve: serial GC, the full JIT.
run() { java -XX:+UseSerialGC "$@"; }
jar="$root/bench/target/benchmarks.jar"
{
  echo "# $(date -u +%FT%TZ), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ "$part" == all || "$part" == latency ]]; then
    run -cp "$jar" dev.vouch.bench.ServeLoad latency "${N:-100}"
    echo
  fi
  if [[ "$part" == all || "$part" == polls ]]; then
    run -cp "$jar" dev.vouch.bench.ServeLoad polls "${POLL_TAGS:-10}" "${POLL_SECONDS:-95}"
    echo
  fi
  if [[ "$part" == all || "$part" == scale ]]; then
    run -Xmx256m -cp "$jar" dev.vouch.bench.ServeLoad scale "${TAGS:-10000}" "${REPOS:-100}" "${SCALE_SECONDS:-300}"
  fi
  echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$root/bench/results/serve-load-$part.txt"
