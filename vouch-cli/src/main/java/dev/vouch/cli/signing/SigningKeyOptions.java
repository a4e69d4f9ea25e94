package dev.vouch.cli.signing;

import dev.vouch.cli.UserInputException;
import dev.vouch.signature.openpgp.GnupgHome;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the secret signing key comes from: a GnuPG home (as {@code skopeo --sign-by} uses) or a secret key file,
 * with an optional passphrase file. The passphrase is held as characters, cleared after use, and never printed.
 */
public final class SigningKeyOptions {
    @Option(names = "--key-file", paramLabel = "FILE",
            description = "secret key file (binary or ASCII-armored, as 'gpg --export-secret-keys' writes)")
    Path keyFile;

    @Option(names = "--gpg-home", paramLabel = "DIR",
            description = "GnuPG home with pubring.kbx and private-keys-v1.d (default: $GNUPGHOME, else ~/.gnupg)")
    Path gnupgHome;

    @Option(names = {"--passphrase-file", "--sign-passphrase-file"}, paramLabel = "FILE",
            description = "file whose first line is the passphrase of the signing key")
    Path passphraseFile;

    /** The signing key with {@code fingerprint}; a problem with it is a user error naming the file, never the secret. */
    public SigningKey load(String fingerprint) {
        if (keyFile != null && gnupgHome != null) {
            throw new UserInputException("--key-file and --gpg-home cannot be used together");
        }
        Optional<char[]> passphrase = readPassphrase();
        try {
            if (keyFile != null) {
                return SecretKeyFiles.load(keyFile, passphrase, fingerprint);
            }
            return GnupgHome.load(gnupgHome != null ? gnupgHome : GnupgHome.defaultDirectory(), fingerprint,
                    passphrase);
        } catch (InvalidKeyException e) {
            throw new UserInputException(e.getMessage(), e);
        } finally {
            passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    /** The passphrase from {@code --passphrase-file}, if given. */
    Optional<char[]> readPassphrase() {
        return Optional.ofNullable(passphraseFile).map(Passphrases::fromFile);
    }

    /** Whether {@code --key-file} or {@code --gpg-home} was given (they select an OpenPGP key). */
    boolean selectsOpenPgpKey() {
        return keyFile != null || gnupgHome != null;
    }
}
