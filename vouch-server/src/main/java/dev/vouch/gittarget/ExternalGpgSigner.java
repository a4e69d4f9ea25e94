package dev.vouch.gittarget;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs commits by running an OpenPGP program as {@code git} does ({@code gpg --status-fd=2 -bsau KEY}, the commit
 * on standard input, an armored detached signature on standard output), so the keys stay in the GnuPG home and its
 * agent. It never asks for a passphrase ({@code --batch --pinentry-mode error}): a protected key must be unlocked
 * in the agent.
 */
final class ExternalGpgSigner implements Signer {
    private static final long TIMEOUT_SECONDS = 60;

    private final String program;
    private final Optional<Path> gnupgHome;

    ExternalGpgSigner(String program, Optional<Path> gnupgHome) {
        this.program = program;
        this.gnupgHome = gnupgHome;
    }

    @Override
    public GpgSignature sign(Repository repository, GpgConfig config, byte[] data, PersonIdent committer,
                             String signingKey, CredentialsProvider credentials) throws CanceledException, IOException {
        Path stderr = Files.createTempFile("vouch-gpg", ".status");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(program, "--batch", "--no-tty", "--pinentry-mode",
                    "error", "--status-fd=2", "-bsau", signingKey));
            gnupgHome.ifPresent(home -> builder.environment().put("GNUPGHOME", home.toString()));
            builder.environment().put("LC_ALL", "C");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            Thread feeder = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(data);
                } catch (IOException ignored) {
                    // the program exited early; its status says why
                }
            }, "vouch-gpg-input");
            feeder.start();
            byte[] signature = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish signing within " + TIMEOUT_SECONDS + "s");
            }
            feeder.join();
            String status = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || !status.contains("[GNUPG:] SIG_CREATED ")) {
                throw new IOException(program + " could not sign with key " + signingKey + ": " + lastLine(status));
            }
            return new GpgSignature(signature);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CanceledException("signing interrupted");
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Override
    public boolean canLocateSigningKey(Repository repository, GpgConfig config, PersonIdent committer,
                                       String signingKey, CredentialsProvider credentials) {
        return true;
    }

    private static String lastLine(String status) {
        String[] lines = status.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].startsWith("[GNUPG:]") && !lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "exit status without a message";
    }
}
