package dev.vouch.testing;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link GpgHome#generateKey} / {@link GpgHome#addSubkey} should create, in {@code gpg --quick-gen-key}
 * terms: algorithm ({@code ed25519}, {@code rsa2048}, ...), usage ({@code sign}, {@code cert}, {@code default}
 * ...), expiration ({@code never}, {@code 1d}, ...), optional passphrase and optional faked creation time.
 */
public record GpgKeySpec(String userId, String algorithm, String usage, String expire, Optional<String> passphrase,
                         Optional<Instant> createdAt) {

    public static GpgKeySpec ed25519(String userId) {
        return new GpgKeySpec(userId, "ed25519", "sign", "never", Optional.empty(), Optional.empty());
    }

    public static GpgKeySpec rsa(String userId) {
        return new GpgKeySpec(userId, "rsa2048", "sign", "never", Optional.empty(), Optional.empty());
    }

    /** A subkey spec (the user ID is unused). */
    public static GpgKeySpec subkey(String algorithm) {
        return new GpgKeySpec("", algorithm, "sign", "never", Optional.empty(), Optional.empty());
    }

    public GpgKeySpec usage(String newUsage) {
        return new GpgKeySpec(userId, algorithm, newUsage, expire, passphrase, createdAt);
    }

    public GpgKeySpec expire(String newExpire) {
        return new GpgKeySpec(userId, algorithm, usage, newExpire, passphrase, createdAt);
    }

    public GpgKeySpec passphrase(String newPassphrase) {
        return new GpgKeySpec(userId, algorithm, usage, expire, Optional.of(newPassphrase), createdAt);
    }

    public GpgKeySpec createdAt(Instant time) {
        return new GpgKeySpec(userId, algorithm, usage, expire, passphrase, Optional.of(time));
    }
}
