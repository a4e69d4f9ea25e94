package dev.vouch.serve;

import dev.vouch.registry.tls.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The certificate vouch serves HTTPS with, read from a PEM certificate chain and a PEM private key (as cert-manager
 * writes {@code tls.crt} and {@code tls.key}), and read again when either file changes: handshakes look at the
 * files at most once per {@link #CHECK_INTERVAL}. A new pair that cannot be read (a rotation caught half-written, a
 * key that does not match the certificate) is reported and the previous pair kept, so the server never stops
 * serving because of a rotation.
 */
public final class ServingCertificate extends X509ExtendedKeyManager {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final String ALIAS = "vouch";

    private final Path certificateFile;
    private final Path keyFile;
    private final Clock clock;
    private final Consumer<String> problems;
    private volatile Loaded current;
    private volatile Instant nextCheck;

    private record Loaded(X509Certificate[] chain, PrivateKey key, FileTime certificateTime, FileTime keyTime) {
    }

    private ServingCertificate(Path certificateFile, Path keyFile, Clock clock, Consumer<String> problems,
                               Loaded loaded) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
        this.problems = problems;
        this.current = loaded;
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    /**
     * Reads the pair.
     *
     * @param problems told (one line, never key material) when a changed pair cannot be read
     * @throws IOException naming the file that cannot be read, or saying that the key does not match
     */
    public static ServingCertificate load(Path certificateFile, Path keyFile, Clock clock, Consumer<String> problems)
            throws IOException {
        return new ServingCertificate(certificateFile, keyFile, clock, problems, read(certificateFile, keyFile));
    }

    private static Loaded read(Path certificateFile, Path keyFile) throws IOException {
        FileTime certificateTime = Files.getLastModifiedTime(certificateFile);
        FileTime keyTime = Files.getLastModifiedTime(keyFile);
        List<X509Certificate> chain = PemFiles.certificates(certificateFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!matches(chain.get(0), key)) {
            throw new IOException(keyFile + ": the private key does not belong to the certificate in "
                    + certificateFile);
        }
        return new Loaded(chain.toArray(new X509Certificate[0]), key, certificateTime, keyTime);
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : key.getAlgorithm();
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            byte[] probe = "vouch serving certificate".getBytes(StandardCharsets.UTF_8);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** An SSL context serving this certificate (TLS 1.2 and 1.3, as the JDK negotiates them). */
    public SSLContext sslContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new X509ExtendedKeyManager[] {this}, null, new SecureRandom());
        return context;
    }

    /** The leaf certificate now served. */
    public X509Certificate leaf() {
        refreshIfDue();
        return current.chain()[0];
    }

    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            Loaded loaded = current;
            try {
                if (Files.getLastModifiedTime(certificateFile).equals(loaded.certificateTime())
                        && Files.getLastModifiedTime(keyFile).equals(loaded.keyTime())) {
                    return;
                }
                current = read(certificateFile, keyFile);
            } catch (IOException e) {
                problems.accept("serving certificate not reloaded, the previous one is kept: " + e.getMessage());
            }
        }
    }

    private String alias(String keyType) {
        refreshIfDue();
        String algorithm = current.key().getAlgorithm();
        boolean usable = keyType == null || keyType.equals(algorithm)
                || (keyType.equals("RSASSA-PSS") && algorithm.equals("RSA"))
                || (keyType.startsWith("EC") && algorithm.equals("EC"));
        return usable ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return Objects.equals(alias, ALIAS) ? current.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return Objects.equals(alias, ALIAS) ? current.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
