#!/bin/bash
# Regenerates the image and manifest fixtures with skopeo (1.9.3 was used). Run from this directory.
# manifest/v2s1-signed.manifest.json is a published fixture of containers/image (manifest/fixtures/v2s1.manifest.json)
# and is not regenerated.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
manifests="$here/../manifest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"default":[{"type":"insecureAcceptAnything"}]}' > "$work/policy.json"

# A one-layer image built by hand as a dir: layout.
src="$work/src"
mkdir "$src"
printf 'hello from vouch\n' > "$work/hello"
tar -C "$work" --owner=0 --group=0 --mtime=@0 -cf "$work/layer.tar" hello
layer=$(sha256sum "$work/layer.tar" | cut -d' ' -f1); layer_size=$(stat -c%s "$work/layer.tar")
mv "$work/layer.tar" "$src/$layer"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"config":{}}' "$layer" > "$work/config"
config=$(sha256sum "$work/config" | cut -d' ' -f1); config_size=$(stat -c%s "$work/config")
mv "$work/config" "$src/$config"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$src/manifest.json"
printf 'Directory Transport Version: 1.1\n' > "$src/version"

rm -rf "$here/dir-unsigned" "$here/oci-two-images" "$here/oci-single" "$here/oci-archive-single.tar" \
  "$here/dir-schema2"
skopeo copy -q --policy "$work/policy.json" "dir:$src" "dir:$here/dir-unsigned"
skopeo copy -q --policy "$work/policy.json" --format v2s2 "dir:$src" "dir:$here/dir-schema2"
skopeo copy -q --policy "$work/policy.json" "dir:$src" "oci:$here/oci-two-images:app"
skopeo copy -q --policy "$work/policy.json" --format v2s2 "dir:$src" "oci:$here/oci-two-images:app-v2s2"
skopeo copy -q --policy "$work/policy.json" "dir:$src" "oci:$here/oci-single"
skopeo copy -q --policy "$work/policy.json" "dir:$src" "oci-archive:$here/oci-archive-single.tar:app"

# Variants of the signed schema 1 manifest: payload changed (digest changes), signature changed (digest does not).
sed 's/"tag": "latest"/"tag": "latesT"/' "$manifests/v2s1-signed.manifest.json" > "$manifests/v2s1-signed-modified-payload.manifest.json"
sed 's/"signature": "dV1p/"signature": "AAAA/' "$manifests/v2s1-signed.manifest.json" > "$manifests/v2s1-signed-modified-signature.manifest.json"
# Unsigned schema 1: the payload alone (formatLength bytes, then the formatTail "\n}").
head -c 5478 "$manifests/v2s1-signed.manifest.json" > "$manifests/v2s1-unsigned.manifest.json"
printf '\n}' >> "$manifests/v2s1-unsigned.manifest.json"
cp "$here/oci-two-images/index.json" "$manifests/oci-index.json"

# Expected digests, as skopeo computes them.
{
  for f in "$manifests"/*.json "$here/dir-unsigned/manifest.json" "$here/dir-schema2/manifest.json"; do
    echo "$(realpath --relative-to="$here/.." "$f") $(skopeo manifest-digest "$f")"
  done
} > "$manifests/skopeo-digests.txt"
