#!/usr/bin/env bash
# Regenerates the throw-away OpenPGP keys used by the in-process CLI tests (no gpg at test time):
#   signer.sec.asc     Ed25519 signing key, secret part, protected by the passphrase in signer.passphrase
#   signer.pub.asc     its public part
#   signer.fingerprint its fingerprint (one line)
#   signer.passphrase  the passphrase (one line)
#   other.pub.asc      an unrelated public key (a key the images are not signed with)
# These keys protect nothing; they exist only for tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export GNUPGHOME="$(mktemp -d /tmp/vouch-keys.XXXXXX)"
trap 'gpgconf --homedir "$GNUPGHOME" --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
echo allow-loopback-pinentry >"$GNUPGHOME/gpg-agent.conf"
passphrase='tr0ub4dor-and-3-horses'
gpg_() { gpg --batch --quiet --pinentry-mode loopback "$@"; }
fpr() { gpg --batch --with-colons --list-keys "$1" | awk -F: '$1 == "fpr" { print $10; exit }'; }

gpg_ --passphrase "$passphrase" --quick-gen-key 'vouch cli test signer <signer@vouch.invalid>' ed25519 sign never
signer="$(fpr signer@vouch.invalid)"
gpg_ --passphrase '' --quick-gen-key 'vouch cli test other <other@vouch.invalid>' ed25519 sign never
other="$(fpr other@vouch.invalid)"

gpg_ --passphrase "$passphrase" --armor --export-secret-keys "$signer" >"$here/signer.sec.asc"
gpg --batch --armor --export "$signer" >"$here/signer.pub.asc"
gpg --batch --armor --export "$other" >"$here/other.pub.asc"
printf '%s\n' "$signer" >"$here/signer.fingerprint"
printf '%s\n' "$passphrase" >"$here/signer.passphrase"
