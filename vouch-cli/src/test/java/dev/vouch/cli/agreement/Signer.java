package dev.vouch.cli.agreement;

import java.util.Locale;

/** The OpenPGP keys of the table, each with a keyring file of its public part named after it. */
enum Signer {
    /** An RSA key that the policies trust. */
    RSA,
    /** A second trusted RSA key (for keyPaths and for two-requirement scopes). */
    OTHER,
    /** An RSA key that no policy trusts. */
    STRANGER,
    /** A certify-only primary key whose RSA signing subkey makes the signatures. */
    SUBKEY,
    /** An Ed25519 key. */
    ED25519,
    /** A key that expired after it signed (created ten days ago, valid for one day). */
    EXPIRED,
    /** A key revoked after it signed. */
    REVOKED,
    /** A certify-only primary key whose signing subkey was revoked after it signed. */
    REVOKED_SUBKEY;

    String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-') + ".gpg";
    }
}
