#!/usr/bin/env bash
# Wall time of one `vouch standalone-verify` (the CLI target: median <= 200 ms on a 2-core machine), next to the
# reference implementation (`skopeo standalone-verify`) and a bare JVM start, measured with hyperfine.
# Needs: gpg, skopeo, hyperfine (Debian packages of those names). Writes results to bench/results/cli-startup.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for tool in gpg skopeo hyperfine; do
  command -v "$tool" >/dev/null || { echo "cli-startup: $tool is needed (apt-get install $tool)" >&2; exit 2; }
done

work="$(mktemp -d)"
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --homedir "$GNUPGHOME" --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key 'bench <bench@vouch.invalid>' rsa3072 sign never
fingerprint="$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
gpg --batch --export "$fingerprint" >"$work/key.gpg"
manifest="$root/examples/images/hello/manifest.json"
reference="registry.example.com/vouch/hello:1.0"
skopeo standalone-sign "$manifest" "$reference" "$fingerprint" --output "$work/signature"

"$root/bin/vouch" --version >/dev/null          # build if needed, and make the class-data archive
"$root/bin/vouch" standalone-verify "$manifest" "$reference" "$fingerprint" "$work/signature" \
  --public-key-file "$work/key.gpg" >/dev/null   # extend nothing: the archive is made on the first run only

mkdir -p "$root/bench/results"
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"

hyperfine --warmup 3 --runs "${RUNS:-30}" --export-markdown "$root/bench/results/cli-startup.md" \
  --export-json "$root/bench/results/cli-startup.json" \
  -n "vouch standalone-verify (bin/vouch)" \
  "$root/bin/vouch standalone-verify $manifest $reference $fingerprint $work/signature --public-key-file $work/key.gpg" \
  -n "skopeo standalone-verify (reference)" \
  "skopeo standalone-verify $manifest $reference $fingerprint $work/signature" \
  -n "java Hello (bare JVM start)" \
  "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp $work Hello"
# Medians (the target is a median), from hyperfine's JSON: one "command" and one "median" per benchmark.
grep -oE '"(command|median)": ("[^"]*"|[0-9.e-]+)' "$root/bench/results/cli-startup.json" \
  | sed -E 's/"command": "(.*)"/\1/; s/"median": (.*)/\1/' \
  | paste - - | awk -F'\t' '{ printf "median %6.1f ms  %s\n", $2 * 1000, $1 }'
echo "results: bench/results/cli-startup.md and .json"
