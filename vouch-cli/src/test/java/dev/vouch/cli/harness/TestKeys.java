package dev.vouch.cli.harness;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Throw-away OpenPGP keys for the CLI tests, made by the real gpg once per test JVM and exported to a temporary
 * directory that is deleted when the JVM exits: an Ed25519 signing key protected by {@link #PASSPHRASE}, and an
 * unrelated key. No key material is kept in the repository.
 */
public record TestKeys(Path signerSecretKey, Path signerPublicKey, Path otherPublicKey, Path passphraseFile,
                       String signerFingerprint) {

    /** The signing key's passphrase (it protects nothing but test keys). */
    public static final String PASSPHRASE = "tr0ub4dor-and-3-horses";

    private static TestKeys instance;

    /** The keys, made on first use. */
    public static synchronized TestKeys get() {
        if (instance == null) {
            instance = make();
        }
        return instance;
    }

    private static TestKeys make() {
        try {
            Path dir = Files.createTempDirectory("vouch-cli-keys");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            try (GpgHome gpg = GpgHome.create()) {
                String signer = gpg.generateKey(GpgKeySpec.ed25519("vouch cli test signer <signer@vouch.invalid>")
                        .passphrase(PASSPHRASE));
                String other = gpg.generateKey(GpgKeySpec.ed25519("vouch cli test other <other@vouch.invalid>"));
                Path secret = Files.write(dir.resolve("signer.sec.asc"),
                        gpg.exportSecretKeys(signer, Optional.of(PASSPHRASE), true));
                Path pub = Files.write(dir.resolve("signer.pub.asc"), gpg.exportPublicKeysArmored(signer));
                Path otherPub = Files.write(dir.resolve("other.pub.asc"), gpg.exportPublicKeysArmored(other));
                Path passphrase = Files.writeString(dir.resolve("signer.passphrase"), PASSPHRASE + "\n",
                        StandardCharsets.UTF_8);
                return new TestKeys(secret, pub, otherPub, passphrase, signer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("making the CLI test keys with gpg", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
