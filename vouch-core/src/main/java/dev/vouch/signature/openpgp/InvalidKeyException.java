package dev.vouch.signature.openpgp;

/**
 * OpenPGP key material could not be read or used: a keyring that does not parse, a key that is missing,
 * expired, revoked or not able to sign, or a wrong passphrase. The message names the source (a file, a GnuPG
 * home, "key data") and never contains passphrases or secret key material.
 */
public class InvalidKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
