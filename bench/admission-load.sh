#!/usr/bin/env bash
# vouch serve's admission webhooks (admission only, `bin/vouch serve` in a process of its own, HTTPS on 127.0.0.1)
# against the real docker-registry holding images pushed and signed by skopeo, as bench/README.md reports it:
#   1. cold: the registry's and the lookaside store's requests for one admission of a new image;
#   2. warm: AdmissionReviews of a Pod whose image was verified before, at RATE per second (default 500) for
#      SECONDS_MEASURED (default 60) after a 20 s warm-up, open loop (latency from each request's intended send time)
#      over 8 keep-alive connections, with the server's CPU time;
#   3. burst: 200 simultaneous admissions of another new image (one verification expected).
# Needs: docker-registry, skopeo, gpg. Everything it starts stops, and its files are removed, when it ends.
# VOUCH_SERVE_JAVA_OPTIONS: more options for vouch serve's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/a.jfr).
# Output: bench/results/admission-load.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for tool in docker-registry skopeo gpg; do
  command -v "$tool" >/dev/null || { echo "admission-load: $tool is needed" >&2; exit 2; }
done
mvn -B -q -o -f "$root/pom.xml" -pl vouch-cli,bench -am package -DskipTests >/dev/null
mkdir -p "$root/bench/results"
{
  echo "# $(date -u +%FT%TZ), $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -XX:+UseSerialGC -cp "$root/bench/target/benchmarks.jar" dev.vouch.bench.AdmissionLoad "$root/bin/vouch" \
    "${RATE:-500}" "${SECONDS_MEASURED:-60}"
  echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$root/bench/results/admission-load.txt"
