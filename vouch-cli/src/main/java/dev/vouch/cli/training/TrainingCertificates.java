package dev.vouch.cli.training;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away TLS material for the training registry, made in memory: an RSA certificate authority (as most
 * registries' CAs are) and an ECDSA server certificate it issues for {@code 127.0.0.1}, valid for an hour. The
 * authority goes to a certs.d directory as {@code ca.crt}; the private keys never leave memory.
 */
public final class TrainingCertificates {
    private static final Duration VALIDITY = Duration.ofHours(1);

    private final X509Certificate authority;
    private final X509Certificate server;
    private final PrivateKey serverKey;

    private TrainingCertificates(X509Certificate authority, X509Certificate server, PrivateKey serverKey) {
        this.authority = authority;
        this.server = server;
        this.serverKey = serverKey;
    }

    /** A new authority and server certificate for {@code 127.0.0.1}. */
    public static TrainingCertificates create() throws GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair authorityKeys = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair serverKeys = ec.generateKeyPair();
        X500Name authorityName = new X500Name("CN=vouch training CA");
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder authorityBuilder = new JcaX509v3CertificateBuilder(authorityName,
                    BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    authorityName, authorityKeys.getPublic());
            authorityBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(authorityName,
                    BigInteger.TWO, Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serverBuilder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withRSA");
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate authority = converter.getCertificate(
                    authorityBuilder.build(signer.build(authorityKeys.getPrivate())));
            X509Certificate server = converter.getCertificate(
                    serverBuilder.build(signer.build(authorityKeys.getPrivate())));
            return new TrainingCertificates(authority, server, serverKeys.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("training certificate: " + e.getMessage(), e);
        }
    }

    /** Writes the authority as {@code ca.crt} (PEM) in {@code certsDirectory}, which is created if needed. */
    public void writeAuthority(Path certsDirectory) throws IOException {
        Files.createDirectories(certsDirectory);
        try (Writer file = Files.newBufferedWriter(certsDirectory.resolve("ca.crt"), StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(file)) {
            pem.writeObject(authority);
        }
    }

    /** A TLS context presenting the server certificate (and the authority above it). */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[] {'-'};
        keys.setKeyEntry("server", serverKey, password, new Certificate[] {server, authority});
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }
}
