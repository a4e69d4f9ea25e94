package dev.vouch.cli.agreement;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the table reads, made once per test class under {@code root}: the keys of {@link Signer} (and their
 * keyring files in {@code keys/}), and the dir: images of {@link AgreementImages} in {@code images/}, signed by
 * skopeo itself ({@code skopeo standalone-sign}) so that vouch's signing code plays no part.
 */
final class AgreementFixtures implements AutoCloseable {
    /** The identity every signature claims unless a row says otherwise. */
    static final String IDENTITY = "registry.example.com/vouch/agreement:1.0";
    static final String REPOSITORY = "registry.example.com/vouch/agreement";

    private final Path root;
    private final GpgHome gpg;
    private final GpgHome expiredGpg;
    private final Map<Signer, String> fingerprints = new EnumMap<>(Signer.class);
    private final Map<Signer, String> signingSubkeys = new EnumMap<>(Signer.class);
    private int policies;

    private AgreementFixtures(Path root, GpgHome gpg, GpgHome expiredGpg) {
        this.root = root;
        this.gpg = gpg;
        this.expiredGpg = expiredGpg;
    }

    static AgreementFixtures create(Path root) throws IOException {
        AgreementFixtures fixtures = new AgreementFixtures(root, GpgHome.create(), GpgHome.create());
        try {
            fixtures.generateKeys();
            AgreementImages.create(fixtures, TinyImage.create());
            fixtures.revokeAndExport();
            return fixtures;
        } catch (IOException | RuntimeException | Error e) {
            fixtures.close();
            throw e;
        }
    }

    private void generateKeys() throws IOException {
        fingerprints.put(Signer.RSA, gpg.generateKey(GpgKeySpec.rsa("Trusted <trusted@vouch.invalid>")));
        fingerprints.put(Signer.OTHER, gpg.generateKey(GpgKeySpec.rsa("Other <other@vouch.invalid>")));
        fingerprints.put(Signer.STRANGER, gpg.generateKey(GpgKeySpec.rsa("Stranger <stranger@vouch.invalid>")));
        fingerprints.put(Signer.ED25519, gpg.generateKey(GpgKeySpec.ed25519("Edwards <ed@vouch.invalid>")));
        fingerprints.put(Signer.REVOKED, gpg.generateKey(GpgKeySpec.rsa("Revoked <revoked@vouch.invalid>")));
        for (Signer withSubkey : List.of(Signer.SUBKEY, Signer.REVOKED_SUBKEY)) {
            String primary = gpg.generateKey(GpgKeySpec.rsa(withSubkey.name() + " <sub@vouch.invalid>")
                    .usage("cert"));
            fingerprints.put(withSubkey, primary);
            signingSubkeys.put(withSubkey, gpg.addSubkey(primary, GpgKeySpec.subkey("rsa2048")));
        }
        // Created ten days ago, valid for a day; its home signs at a time when it was valid (faked-system-time
        // in gpg.conf reaches the gpg that skopeo starts through gpgme).
        Instant created = Instant.now().minus(Duration.ofDays(10));
        fingerprints.put(Signer.EXPIRED, expiredGpg.generateKey(GpgKeySpec.rsa("Expired <expired@vouch.invalid>")
                .createdAt(created).expire("1d")));
        Files.writeString(expiredGpg.path().resolve("gpg.conf"),
                "faked-system-time " + created.plus(Duration.ofHours(1)).getEpochSecond() + "\n",
                StandardOpenOption.APPEND);
    }

    private void revokeAndExport() throws IOException {
        gpg.revokeKey(fingerprints.get(Signer.REVOKED));
        gpg.revokeSubkey(fingerprints.get(Signer.REVOKED_SUBKEY), signingSubkeys.get(Signer.REVOKED_SUBKEY),
                Optional.empty());
        Path keys = Files.createDirectories(root.resolve("keys"));
        for (Signer signer : Signer.values()) {
            Files.write(keys.resolve(signer.fileName()), home(signer).exportPublicKeys(fingerprints.get(signer)));
        }
        Files.write(keys.resolve("rsa.asc"), gpg.exportPublicKeysArmored(fingerprints.get(Signer.RSA)));
        Files.write(keys.resolve("rsa-and-other.gpg"),
                gpg.exportPublicKeys(fingerprints.get(Signer.OTHER), fingerprints.get(Signer.RSA)));
        Files.writeString(keys.resolve("not-a-key.gpg"), "this file holds no OpenPGP key\n");
        Files.writeString(keys.resolve("sigstore.pub"), sigstorePublicKeyPem());
    }

    /** A signature of {@code manifest} claiming {@code identity}, made by {@code skopeo standalone-sign}. */
    byte[] sign(Signer signer, byte[] manifest, String identity) throws IOException {
        Path work = Files.createTempDirectory(root, "sign");
        Path manifestFile = Files.write(work.resolve("manifest.json"), manifest);
        Path signature = work.resolve("signature");
        GpgHome home = home(signer);
        GpgHome.Result result = GpgHome.Processes.run(List.of("skopeo", "standalone-sign", manifestFile.toString(),
                identity, fingerprints.get(signer), "--output", signature.toString()), home.environment(), null);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("skopeo standalone-sign as " + signer + " failed: " + result.stderr());
        }
        return Files.readAllBytes(signature);
    }

    /**
     * A well-formed signed message whose signature does not verify: {@code valid}'s payload re-signed by the same
     * key without compression, then one byte of the literal data changed.
     */
    byte[] breakSignature(Signer signer, byte[] valid) {
        GpgHome.Result payload = home(signer).run(valid, List.of("--decrypt"));
        if (payload.exitCode() != 0) {
            throw new IllegalStateException("gpg could not read back a signature: " + payload.stderr());
        }
        byte[] message = home(signer).sign(fingerprints.get(signer), payload.stdout(), "--compress-algo", "none");
        int at = indexOf(message, payload.stdout());
        message[at + payload.stdout().length / 2] ^= 0x01;
        return message;
    }

    Path root() {
        return root;
    }

    Path images() {
        return root.resolve("images");
    }

    Path image(String name) {
        return images().resolve(name);
    }

    Path keyring(Signer signer) {
        return root.resolve("keys").resolve(signer.fileName());
    }

    /** A file in {@code keys/}: rsa.asc, rsa-and-other.gpg, not-a-key.gpg, sigstore.pub, or one that is missing. */
    Path keyFile(String name) {
        return root.resolve("keys").resolve(name);
    }

    String keyData(Signer signer) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(keyring(signer)));
    }

    /** Writes a policy to its own file; returns the file. */
    synchronized Path writePolicy(String text) throws IOException {
        Path dir = Files.createDirectories(root.resolve("policies"));
        return Files.writeString(dir.resolve("policy-" + (++policies) + ".json"), text);
    }

    private GpgHome home(Signer signer) {
        return signer == Signer.EXPIRED ? expiredGpg : gpg;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("the signed message does not hold its payload uncompressed");
    }

    private static String sigstorePublicKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has EC keys", e);
        }
    }

    @Override
    public void close() {
        try {
            gpg.close();
        } finally {
            expiredGpg.close();
        }
    }
}
