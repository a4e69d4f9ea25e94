package dev.vouch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away GnuPG home for tests, driving the real {@code gpg}: generates keys (fast: the agent uses
 * {@code debug-quick-random}), adds and revokes subkeys, exports keys and signs data in every shape gpg knows.
 * Always {@code --batch --pinentry-mode loopback}; {@link #close()} kills the agent and deletes the directory.
 *
 * <pre>{@code
 * try (GpgHome gpg = GpgHome.create()) {
 *     String fpr = gpg.generateKey(GpgKeySpec.ed25519("Alice <alice@example.com>"));
 *     byte[] signed = gpg.sign(fpr, data);
 * }
 * }</pre>
 */
public final class GpgHome implements AutoCloseable {

    /** The result of one gpg run. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private final Path home;

    private GpgHome(Path home) {
        this.home = home;
    }

    /** A fresh, empty GnuPG home in a new temporary directory (short path: the agent socket lives there). */
    public static GpgHome create() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "vouch-gpg");
        Files.writeString(dir.resolve("gpg-agent.conf"), "allow-loopback-pinentry\ndebug-quick-random\ns2k-count 1015808\n");
        Files.writeString(dir.resolve("gpg.conf"), "no-auto-key-locate\ntrust-model always\n");
        return new GpgHome(dir);
    }

    public Path path() {
        return home;
    }

    /** Environment for other programs (skopeo) that should use this home. */
    public Map<String, String> environment() {
        return Map.of("GNUPGHOME", home.toString());
    }

    /** Generates a primary key; returns its fingerprint (uppercase hex). */
    public String generateKey(GpgKeySpec spec) {
        List<String> args = new ArrayList<>(common(spec.passphrase(), spec.createdAt()));
        args.addAll(List.of("--status-fd", "1", "--quick-gen-key", spec.userId(), spec.algorithm(), spec.usage(),
                spec.expire()));
        return createdFingerprint(runChecked(null, args), "P");
    }

    /** Adds a subkey to {@code primaryFingerprint}; returns the subkey's fingerprint. */
    public String addSubkey(String primaryFingerprint, GpgKeySpec spec) {
        List<String> args = new ArrayList<>(common(spec.passphrase(), spec.createdAt()));
        args.addAll(List.of("--status-fd", "1", "--quick-add-key", primaryFingerprint, spec.algorithm(),
                spec.usage(), spec.expire()));
        return createdFingerprint(runChecked(null, args), "S");
    }

    /** Revokes one subkey (reason "no reason specified"), as {@code gpg --edit-key ... revkey} does. */
    public void revokeSubkey(String primaryFingerprint, String subkeyFingerprint, Optional<String> passphrase) {
        List<String> args = new ArrayList<>(common(passphrase, Optional.empty()));
        args.addAll(List.of("--command-fd", "0", "--edit-key", primaryFingerprint));
        String commands = "key " + subkeyFingerprint + "\nrevkey\ny\n0\n\ny\nsave\n";
        runChecked(commands.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Revokes a primary key by importing the revocation certificate gpg stored when generating it. */
    public void revokeKey(String fingerprint) {
        try {
            String certificate = Files.readString(home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev"));
            // gpg disarms the stored certificate with a leading colon, to prevent accidental import.
            String armored = certificate.replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----",
                    "-----BEGIN PGP PUBLIC KEY BLOCK-----");
            runChecked(armored.getBytes(StandardCharsets.UTF_8), List.of("--import"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code gpg --export} (binary) of the given keys. */
    public byte[] exportPublicKeys(String... fingerprints) {
        return runChecked(null, concat(List.of("--export"), fingerprints)).stdout();
    }

    /** {@code gpg --export --armor} of the given keys. */
    public byte[] exportPublicKeysArmored(String... fingerprints) {
        return runChecked(null, concat(List.of("--armor", "--export"), fingerprints)).stdout();
    }

    /** {@code gpg --export-secret-keys [--armor]}. */
    public byte[] exportSecretKeys(String fingerprint, Optional<String> passphrase, boolean armor) {
        List<String> args = new ArrayList<>(common(passphrase, Optional.empty()));
        if (armor) {
            args.add("--armor");
        }
        args.addAll(List.of("--export-secret-keys", fingerprint));
        return runChecked(null, args).stdout();
    }

    /** {@code gpg --sign} (a compressed, binary signed message, gpg's default). */
    public byte[] sign(String signer, byte[] data, String... extraOptions) {
        return signWith(signer, Optional.empty(), Optional.empty(), data, concat(List.of("--sign"), extraOptions));
    }

    /**
     * Runs a gpg signing command ({@code --sign}, {@code --clearsign}, {@code --detach-sign}, with any extra
     * options such as {@code --armor}, {@code --compress-algo none}, {@code --default-sig-expire 1d}) as
     * {@code signer} (a fingerprint; append {@code !} to force exactly that key or subkey), optionally at a faked
     * time.
     */
    public byte[] signWith(String signer, Optional<String> passphrase, Optional<Instant> at, byte[] data,
                           List<String> operation) {
        List<String> args = new ArrayList<>(common(passphrase, at));
        args.addAll(List.of("--local-user", signer));
        args.addAll(operation);
        return runChecked(data, args).stdout();
    }

    /** {@code gpg --clearsign}. */
    public byte[] clearsign(String signer, byte[] data) {
        return signWith(signer, Optional.empty(), Optional.empty(), data, List.of("--clearsign"));
    }

    /** {@code gpg --detach-sign [--armor]}. */
    public byte[] detachSign(String signer, byte[] data, boolean armor) {
        return signWith(signer, Optional.empty(), Optional.empty(), data,
                armor ? List.of("--armor", "--detach-sign") : List.of("--detach-sign"));
    }

    /** {@code gpg --encrypt --sign -r recipient}: signed, then encrypted to a key with an encryption subkey. */
    public byte[] encryptAndSign(String signer, String recipient, byte[] data) {
        return signWith(signer, Optional.empty(), Optional.empty(), data,
                List.of("--encrypt", "--sign", "--recipient", recipient));
    }

    /** {@code gpg --symmetric}: encrypted with a passphrase, not signed. */
    public byte[] encryptSymmetric(byte[] data) {
        return runChecked(data, List.of("--pinentry-mode", "loopback", "--passphrase", "secret", "--symmetric"))
                .stdout();
    }

    /** {@code gpg --store}: a literal data packet only, no signature. */
    public byte[] store(byte[] data) {
        return runChecked(data, List.of("--store")).stdout();
    }

    /** Runs gpg with {@code --homedir} and {@code --batch}; stdin may be null. */
    public Result run(byte[] stdin, List<String> args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty"));
        command.addAll(args);
        return Processes.run(command, environment(), stdin);
    }

    /** Kills the agent and deletes the home directory. */
    @Override
    public void close() {
        Processes.run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"), environment(), null);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result runChecked(byte[] stdin, List<String> args) {
        Result result = run(stdin, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("gpg " + args + " failed (" + result.exitCode() + "): " + result.stderr());
        }
        return result;
    }

    private static List<String> common(Optional<String> passphrase, Optional<Instant> at) {
        List<String> args = new ArrayList<>(List.of("--pinentry-mode", "loopback", "--passphrase",
                passphrase.orElse("")));
        at.ifPresent(t -> args.addAll(List.of("--faked-system-time", t.getEpochSecond() + "!")));
        return args;
    }

    private static String createdFingerprint(Result result, String kind) {
        for (String line : result.stdoutText().split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length >= 4 && fields[1].equals("KEY_CREATED") && fields[2].contains(kind.equals("P") ? "P"
                    : "S")) {
                return fields[3];
            }
        }
        throw new IllegalStateException("gpg did not report the created key: " + result.stderr());
    }

    private static List<String> concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }

    /** Runs short-lived processes, feeding stdin from a thread so a chatty process cannot block. */
    public static final class Processes {
        private Processes() {
        }

        public static Result run(List<String> command, Map<String, String> environment, byte[] stdin) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(environment);
                builder.environment().put("LC_ALL", "C");
                Path stderr = Files.createTempFile("vouch-proc", ".err");
                builder.redirectError(stderr.toFile());
                Process process = builder.start();
                Thread feeder = new Thread(() -> {
                    try (OutputStream in = process.getOutputStream()) {
                        if (stdin != null) {
                            in.write(stdin);
                        }
                    } catch (IOException ignored) {
                        // the process exited without reading everything; its exit code tells
                    }
                });
                feeder.start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " timed out");
                }
                feeder.join();
                String err = Files.readString(stderr);
                Files.delete(stderr);
                return new Result(process.exitValue(), out, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
