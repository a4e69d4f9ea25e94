package dev.vouch.cli.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CLI test fixtures: throw-away keys made by gpg once per test run (see {@link TestKeys}) and a
 * small unsigned image in the {@code dir:} layout, plus helpers writing policies and copies into temp dirs.
 */
public final class Fixtures {
    /** The identity the tests sign images for. */
    public static final String IDENTITY = "registry.example.com/vouch/hello:1.0";

    private Fixtures() {
    }

    public static Path resource(String name) {
        URL url = Fixtures.class.getResource("/cli/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource cli/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The passphrase-protected secret signing key (armored export). */
    public static Path signerSecretKey() {
        return TestKeys.get().signerSecretKey();
    }

    public static Path signerPublicKey() {
        return TestKeys.get().signerPublicKey();
    }

    public static Path otherPublicKey() {
        return TestKeys.get().otherPublicKey();
    }

    public static Path passphraseFile() {
        return TestKeys.get().passphraseFile();
    }

    public static String passphrase() {
        return TestKeys.PASSPHRASE;
    }

    public static String signerFingerprint() {
        return TestKeys.get().signerFingerprint();
    }

    /** A fresh copy of the unsigned {@code hello} image in {@code dir}/{@code name}. */
    public static Path unsignedImage(Path dir, String name) {
        Path source = resource("images/hello");
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A fresh copy of the {@code hello} image, signed in this process with the signer key for {@link #IDENTITY}. */
    public static Path signedImage(Path dir, String name) {
        Path image = unsignedImage(dir, name);
        CliResult result = Cli.run("sign", "--sign-by", signerFingerprint(), "--sign-identity", IDENTITY,
                "--key-file", signerSecretKey().toString(), "--passphrase-file", passphraseFile().toString(),
                "dir:" + image);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("signing the fixture failed: " + result.describe());
        }
        return image;
    }

    /** {@code dir}/policy.json: dir: images must be signed by {@code key} for {@link #IDENTITY}; the rest rejected. */
    public static Path signedByPolicy(Path dir, Path key) {
        return write(dir.resolve("policy.json"), """
                {
                  "default": [{"type": "reject"}],
                  "transports": {
                    "dir": {
                      "": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "%s",
                            "signedIdentity": {"type": "exactReference", "dockerReference": "%s"}}]
                    }
                  }
                }
                """.formatted(key, IDENTITY));
    }

    /** A policy in {@code dir} that accepts everything. */
    public static Path acceptAnythingPolicy(Path dir) {
        return write(dir.resolve("accept.json"), "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
