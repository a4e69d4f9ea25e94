package dev.vouch.stream;

import dev.vouch.admission.ConfiguredNamespaceRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code admission} section of {@code vouch.yaml}: the webhooks {@code vouch serve} answers over HTTPS.
 *
 * @param host the address listened on (default {@code 127.0.0.1}; {@code 0.0.0.0} in a cluster)
 * @param port the port (default 8443; 0 picks a free one)
 * @param certificateFile the PEM certificate chain served ({@code tls.crt})
 * @param keyFile its PEM private key ({@code tls.key})
 * @param rules the default mode, the modes per namespace, the exempt namespaces and those not pinned to digests
 * @param grace how long a verified digest may still be admitted while its registry cannot answer (zero: never)
 * @param relaxByLabel whether a namespace's {@code admission.vouch.dev/mode} label may set a mode less strict than
 *     {@code rules} give it, or exempt it (default false: a label can only make admission stricter)
 */
public record AdmissionSettings(String host, int port, Path certificateFile, Path keyFile,
                                ConfiguredNamespaceRules rules, Duration grace, boolean relaxByLabel) {
    public static final int DEFAULT_PORT = 8443;

    /** Settings where labels can only make admission stricter. */
    public AdmissionSettings(String host, int port, Path certificateFile, Path keyFile,
                             ConfiguredNamespaceRules rules, Duration grace) {
        this(host, port, certificateFile, keyFile, rules, grace, false);
    }

    public AdmissionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(grace, "grace");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }
}
