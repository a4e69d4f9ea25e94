package dev.vouch.registry.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of one registry, from a certs.d directory as containers/image reads it: every {@code *.crt} is a
 * CA trusted in addition to the system's; every {@code *.cert} is a client certificate whose key is the
 * {@code *.key} of the same base name (one without the other is an error). With verification off, any server
 * certificate is accepted (client keys are still offered).
 */
public final class RegistryTls {
    private static final char[] NO_PASSWORD = new char[0];

    private RegistryTls() {
    }

    /** The SSL context for a registry whose certificates are in {@code directory} (if any). */
    public static SSLContext context(Optional<Path> directory, boolean verify) throws IOException {
        try {
            List<X509Certificate> authorities = new ArrayList<>();
            KeyStore clientKeys = KeyStore.getInstance("PKCS12");
            clientKeys.load(null, null);
            if (directory.isPresent()) {
                read(directory.get(), authorities, clientKeys);
            }
            TrustManager trust = verify ? trustManager(authorities) : new TrustAllManager();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientKeys, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("setting up TLS" + directory.map(d -> " with certificates from " + d).orElse("")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * An SSL context that trusts only the CA certificates in {@code pemAuthorities} (as a Kubernetes client does with
     * a kubeconfig's {@code certificate-authority}), not the system's.
     */
    public static SSLContext trustingOnly(byte[] pemAuthorities, String source) throws IOException {
        try {
            List<X509Certificate> authorities = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pemAuthorities))) {
                authorities.add((X509Certificate) certificate);
            }
            if (authorities.isEmpty()) {
                throw new IOException("no certificate in " + source);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {x509(factory.getTrustManagers())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("reading certificates from " + source + ": " + e.getMessage(), e);
        }
    }

    private static void read(Path directory, List<X509Certificate> authorities, KeyStore clientKeys)
            throws IOException, GeneralSecurityException {
        Optional<SortedSet<String>> listed = entryNames(directory);
        if (listed.isEmpty()) {
            return;
        }
        SortedSet<String> names = listed.get();
        for (String name : names) {
            Path file = directory.resolve(name);
            if (name.endsWith(".crt")) {
                authorities.addAll(PemFiles.certificates(file));
            } else if (name.endsWith(".cert")) {
                String keyName = name.substring(0, name.length() - ".cert".length()) + ".key";
                if (!names.contains(keyName)) {
                    throw new IOException("missing key " + keyName + " for client certificate " + file
                            + "; CA certificates should use the extension .crt");
                }
                List<X509Certificate> chain = PemFiles.certificates(file);
                clientKeys.setKeyEntry(name, PemFiles.privateKey(directory.resolve(keyName)), NO_PASSWORD,
                        chain.toArray(new Certificate[0]));
            } else if (name.endsWith(".key")) {
                String certName = name.substring(0, name.length() - ".key".length()) + ".cert";
                if (!names.contains(certName)) {
                    throw new IOException("missing client certificate " + certName + " for key " + file);
                }
            }
        }
    }

    /** The names of the entries of {@code directory}, sorted; empty if it does not exist. */
    static Optional<SortedSet<String>> entryNames(Path directory) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(names);
    }

    private static X509TrustManager trustManager(List<X509Certificate> extra) throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        if (extra.isEmpty()) {
            return x509(system.getTrustManagers());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (X509Certificate certificate : x509(system.getTrustManagers()).getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, certificate);
        }
        for (X509Certificate certificate : extra) {
            store.setCertificateEntry("certs.d-" + n++, certificate);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return x509(combined.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }
}
