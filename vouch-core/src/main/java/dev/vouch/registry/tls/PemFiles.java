package dev.vouch.registry.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates and private keys in PEM files, as TLS tools write them: certificate chains ({@code CERTIFICATE}
 * blocks, leaf first) and unencrypted private keys (PKCS#8 {@code PRIVATE KEY}, {@code RSA PRIVATE KEY},
 * {@code EC PRIVATE KEY}). Errors name the file, never key material.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                result.add((X509Certificate) certificate);
            }
            if (result.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IOException("reading certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first unencrypted private key in {@code file}. */
    public static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("no unencrypted private key in " + file);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no unencrypted private key")) {
                throw e;
            }
            throw new IOException("reading the private key in " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
