package dev.vouch.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The registry TLS options {@code --tls-verify} and {@code --cert-dir}, as skopeo and podman name them. */
public final class TlsOptions {

    @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "require HTTPS and verify registry certificates (default: true); with false, "
                    + "certificates are not verified and plain HTTP is tried when HTTPS fails")
    Boolean tlsVerify;

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "directory of CA certificates (*.crt) and client key pairs (*.cert, *.key) for the "
                    + "registry (default: certs.d)")
    Path certDirectory;

    /** Settings given by other flags ({@code --src-tls-verify}, {@code --dest-cert-dir}, ...). */
    public static TlsOptions of(Optional<Boolean> tlsVerify, Optional<Path> certDirectory) {
        TlsOptions options = new TlsOptions();
        options.tlsVerify = tlsVerify.orElse(null);
        options.certDirectory = certDirectory.orElse(null);
        return options;
    }

    /** {@code --tls-verify}, if given. */
    public Optional<Boolean> tlsVerify() {
        return Optional.ofNullable(tlsVerify);
    }

    /** {@code --cert-dir}, if given. */
    public Optional<Path> certDirectory() {
        return Optional.ofNullable(certDirectory);
    }
}
