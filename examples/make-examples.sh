#!/usr/bin/env bash
# Regenerates the bundled example: a tiny image in the dir: layout, signed with a throw-away GnuPG key whose
# secret part is deleted at the end, that key's public part, and a policy that trusts it.
#
#   examples/images/hello/           the signed image (manifest.json, config and layer blobs, signature-1)
#   examples/images/hello-tampered/  the same signature over a modified manifest: must be rejected
#   examples/keys/example.pub.asc    the public key
#   examples/policy.json             reject everything, except dir: images signed by that key for the identity below
#
# Needs gpg and skopeo (the reference implementation signs the example, so it does not depend on vouch itself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
identity="registry.example.com/vouch/hello:1.0"

work="$(mktemp -d)"
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --homedir "$GNUPGHOME" --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# The image: one layer holding /hello.txt, a config, an OCI manifest. Fixed timestamps keep it reproducible.
mkdir -p "$work/rootfs"
printf 'Hello from a vouched-for image.\n' >"$work/rootfs/hello.txt"
tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" hello.txt
gzip -n -9 -c "$work/layer.tar" >"$work/layer.tar.gz"
layer_diff="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
layer_hex="$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)"
layer_size="$(stat -c %s "$work/layer.tar.gz")"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$layer_diff" >"$work/config.json"
config_hex="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
config_size="$(stat -c %s "$work/config.json")"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config_hex" "$config_size" "$layer_hex" "$layer_size" >"$work/manifest.json"

image="$here/images/hello"
rm -rf "$image" "$here/images/hello-tampered"
mkdir -p "$image" "$here/keys"
printf 'Directory Transport Version: 1.1\n' >"$image/version"
cp "$work/manifest.json" "$image/manifest.json"
cp "$work/config.json" "$image/$config_hex"
cp "$work/layer.tar.gz" "$image/$layer_hex"

# A throw-away signing key; only its public part is kept.
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
  --quick-gen-key 'vouch example signer <example@vouch.invalid>' rsa3072 sign never
fingerprint="$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
gpg --batch --armor --export "$fingerprint" >"$here/keys/example.pub.asc"
skopeo standalone-sign "$image/manifest.json" "$identity" "$fingerprint" --output "$image/signature-1"

# The tampered copy: same signature, one byte of the manifest changed (the layer size).
cp -r "$image" "$here/images/hello-tampered"
sed -i "s/\"size\":$layer_size}/\"size\":$((layer_size + 1))}/" "$here/images/hello-tampered/manifest.json"

cat >"$here/policy.json" <<JSON
{
  "default": [{"type": "reject"}],
  "transports": {
    "dir": {
      "": [
        {
          "type": "signedBy",
          "keyType": "GPGKeys",
          "keyPath": "examples/keys/example.pub.asc",
          "signedIdentity": {"type": "exactReference", "dockerReference": "$identity"}
        }
      ]
    }
  }
}
JSON
echo "example signed by $fingerprint as $identity"
