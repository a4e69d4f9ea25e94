package dev.vouch.cli.signing;

import dev.vouch.cli.LocalFiles;
import dev.vouch.cli.UserInputException;
import dev.vouch.copy.CopySigner;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.sigstore.InvalidPrivateKeyException;
import dev.vouch.signature.sigstore.SigstorePrivateKeys;
import dev.vouch.signature.sigstore.SigstoreSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A loaded signing key of either kind, making the signature of one manifest digest for one identity. */
interface ImageSigner extends CopySigner {

    /** How the key is named in output: a fingerprint or a file. */
    String keyDescription();

    static ImageSigner openPgp(SigningKey key) {
        KeySigner signer = new KeySigner(key);
        return new ImageSigner() {
            @Override
            public UntrustedSignature sign(Digest digest, ImageReference identity) throws IOException {
                return signer.sign(digest, identity);
            }

            @Override
            public String keyDescription() {
                return key.primaryFingerprint();
            }
        };
    }

    /**
     * The sigstore private key in {@code file}; if it is encrypted, the passphrase is {@code passphrase} or else asked
     * on the terminal. Problems with the key (a wrong passphrase among them) are user errors naming the file.
     */
    static ImageSigner sigstore(Path file, Optional<char[]> passphrase) {
        byte[] pem = LocalFiles.read(file, SigstorePrivateKeys.MAX_KEY_FILE_BYTES, "private key");
        PrivateKey key;
        try {
            key = SigstorePrivateKeys.read(pem, () -> passphrase.orElseGet(() ->
                    Passphrases.prompt("Passphrase for " + file + ": ", "--sign-passphrase-file")));
        } catch (InvalidPrivateKeyException e) {
            throw new UserInputException(file + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(pem, (byte) 0);
        }
        return new ImageSigner() {
            @Override
            public UntrustedSignature sign(Digest digest, ImageReference identity) throws IOException {
                try {
                    return SigstoreSigner.sign(key, digest.toString(), identity.toString(),
                            Optional.of(Creator.value()), Instant.now(), Map.of());
                } catch (InvalidPrivateKeyException e) {
                    throw new IOException("signing with " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String keyDescription() {
                return "sigstore key " + file;
            }
        };
    }
}
