package dev.vouch.pullsecret;

import dev.vouch.registry.auth.Credentials;
import dev.vouch.transport.SourceContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The credentials chosen to read one image for one pod, and where they come from. {@link #toString()} and
 * {@link #source()} never show a secret value.
 *
 * @param source where they come from, for logs: {@code secret team/pull}, {@code service account team/default:
 *     secret team/pull}, or {@code default} (vouch.yaml's {@code authfile}, or the default credential files)
 * @param credentials the user and password from a pull secret; empty for the configured default
 */
public record PullCredentials(String source, Optional<Credentials> credentials) {
    /** The configured default: the registry settings' own credentials. */
    public static final PullCredentials DEFAULT = new PullCredentials("default", Optional.empty());
    private static final byte[] KEY = randomKey();

    public PullCredentials {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * What distinguishes these credentials from others in cache keys, without holding them: {@code default}, or an
     * HMAC of the user and password under a key made when the process starts. Equal credentials (even from two
     * namespaces' secrets) have equal keys: they get the same answers from a registry.
     */
    public String key() {
        if (credentials.isEmpty()) {
            return "default";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update(credentials.get().username().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(credentials.get().password().getBytes(StandardCharsets.UTF_8));
            return "secret:" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** {@code base} reading with these credentials ({@code base} itself for the default). */
    public SourceContext applyTo(SourceContext base) {
        return credentials.map(c -> base.withCredentials(c.username() + ":" + c.password())).orElse(base);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public String toString() {
        return "PullCredentials[" + source + "]";
    }
}
