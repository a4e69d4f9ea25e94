package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.io.AtomicFiles;
import dev.vouch.signature.sigstore.PublicKeyPem;
import dev.vouch.signature.sigstore.SigstorePrivateKeys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vouch generate-sigstore-key}: as {@code skopeo generate-sigstore-key} and {@code cosign generate-key-pair},
 * a new ECDSA P-256 key pair: {@code PREFIX.private} encrypted with the passphrase in cosign's format (mode 0600)
 * and {@code PREFIX.pub} in PEM (mode 0644). Existing files are never replaced.
 */
@Command(name = "generate-sigstore-key", mixinStandardHelpOptions = true,
        description = {"Generate a sigstore (cosign) key pair: PREFIX.private, encrypted with a passphrase, and PREFIX.pub.",
                "The passphrase is read from --passphrase-file or asked twice on the terminal.",
                "Sign with 'vouch sign --sign-by-sigstore-private-key PREFIX.private'; trust PREFIX.pub in a",
                "sigstoreSigned policy requirement (keyPath)."})
public final class GenerateSigstoreKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output-prefix", required = true, paramLabel = "PREFIX",
            description = "write the keys to PREFIX.private and PREFIX.pub")
    String outputPrefix;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "file whose first line is the passphrase for the private key")
    Path passphraseFile;

    @Override
    public Integer call() {
        Path privateFile = Path.of(outputPrefix + ".private");
        Path publicFile = Path.of(outputPrefix + ".pub");
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserInputException(file + ": already exists; not replacing it");
            }
        }
        char[] passphrase = passphraseFile != null ? Passphrases.fromFile(passphraseFile)
                : Passphrases.promptNew("--passphrase-file");
        KeyPair pair = SigstorePrivateKeys.generate();
        byte[] encrypted;
        try {
            encrypted = SigstorePrivateKeys.encrypt(pair.getPrivate(), passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        create(privateFile, encrypted, "rw-------");
        create(publicFile, PublicKeyPem.toPem(pair.getPublic()), "rw-r--r--");
        spec.commandLine().getOut().println("Key written to " + privateFile + " and " + publicFile);
        return ExitCode.OK;
    }

    private static void create(Path file, byte[] content, String mode) {
        try {
            AtomicFiles.createNew(file, content, PosixFilePermissions.fromString(mode));
        } catch (FileAlreadyExistsException e) {
            throw new UserInputException(file + ": already exists; not replacing it");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot write: " + e.getMessage());
        }
    }
}
