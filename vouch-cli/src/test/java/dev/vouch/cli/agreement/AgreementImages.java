package dev.vouch.cli.agreement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The dir: images of the table, all over the same blobs. Each is named after what its signatures show; signature
 * files are numbered as written (a gap is deliberate where a row needs one).
 */
final class AgreementImages {
    static final String UNSIGNED = "unsigned";
    static final String SIGNED = "signed";
    static final String SIGNED_BY_BOTH = "signed-by-rsa-and-other";
    static final String SIGNED_BY_OTHER = "signed-by-other";
    static final String SIGNED_SHORT_NAME = "signed-as-busybox";
    static final String VALID_THEN_BROKEN = "valid-then-broken";
    static final String BROKEN_THEN_VALID = "broken-then-valid";
    static final String ONLY_BROKEN = "only-broken";
    static final String STRANGER = "signed-by-stranger";
    static final String STRANGER_THEN_VALID = "stranger-then-valid";
    static final String SUBKEY = "signed-by-subkey";
    static final String ED25519 = "signed-by-ed25519";
    static final String EXPIRED = "signed-by-expired-key";
    static final String REVOKED = "signed-by-revoked-key";
    static final String REVOKED_SUBKEY = "signed-by-revoked-subkey";
    static final String TAMPERED = "tampered-manifest";
    static final String SIGNATURE_OF_OTHER_MANIFEST = "signature-of-other-manifest";
    static final String UNRECOGNIZED = "unrecognized-signature-file";
    static final String VALID_THEN_UNRECOGNIZED = "valid-then-unrecognized";
    static final String VALID_THEN_EMPTY = "valid-then-empty";
    static final String ONLY_SIGNATURE_2 = "only-signature-2";
    static final String SIGSTORE_ONLY = "sigstore-only";
    static final String SIGSTORE_AND_VALID = "sigstore-then-valid";
    /** A symbolic link in {@code links/} to the image {@link #SIGNED}. */
    static final String LINK_TO_SIGNED = "link-to-signed";

    /** Starts with a byte that is neither an OpenPGP packet tag nor the envelope's 0x00. */
    private static final byte[] UNRECOGNIZED_BLOB = "this is not a signature\n".getBytes(StandardCharsets.UTF_8);
    /** A sigstore signature in the storage envelope whose contents are made up. */
    private static final byte[] SIGSTORE_BLOB = ("\0sigstore-json\n{\"mimeType\":"
            + "\"application/vnd.dev.cosign.simplesigning.v1+json\",\"payload\":\"e30=\",\"annotations\":"
            + "{\"dev.cosignproject.cosign/signature\":\"AAAA\"}}").getBytes(StandardCharsets.UTF_8);

    private AgreementImages() {
    }

    static void create(AgreementFixtures f, TinyImage tiny) throws IOException {
        byte[] manifest = tiny.manifest();
        byte[] other = tiny.otherManifest();
        byte[] valid = f.sign(Signer.RSA, manifest, AgreementFixtures.IDENTITY);
        byte[] byOther = f.sign(Signer.OTHER, manifest, AgreementFixtures.IDENTITY);
        byte[] stranger = f.sign(Signer.STRANGER, manifest, AgreementFixtures.IDENTITY);
        byte[] broken = f.breakSignature(Signer.RSA, valid);

        write(f, tiny, UNSIGNED, manifest, Map.of());
        write(f, tiny, SIGNED, manifest, Map.of(1, valid));
        write(f, tiny, SIGNED_BY_BOTH, manifest, Map.of(1, valid, 2, byOther));
        write(f, tiny, SIGNED_BY_OTHER, manifest, Map.of(1, byOther));
        write(f, tiny, SIGNED_SHORT_NAME, manifest, Map.of(1, f.sign(Signer.RSA, manifest, "busybox:1.36")));
        write(f, tiny, VALID_THEN_BROKEN, manifest, Map.of(1, valid, 2, broken));
        write(f, tiny, BROKEN_THEN_VALID, manifest, Map.of(1, broken, 2, valid));
        write(f, tiny, ONLY_BROKEN, manifest, Map.of(1, broken));
        write(f, tiny, STRANGER, manifest, Map.of(1, stranger));
        write(f, tiny, STRANGER_THEN_VALID, manifest, Map.of(1, stranger, 2, valid));
        for (Map.Entry<String, Signer> entry : Map.of(SUBKEY, Signer.SUBKEY, ED25519, Signer.ED25519,
                EXPIRED, Signer.EXPIRED, REVOKED, Signer.REVOKED, REVOKED_SUBKEY, Signer.REVOKED_SUBKEY).entrySet()) {
            write(f, tiny, entry.getKey(), manifest,
                    Map.of(1, f.sign(entry.getValue(), manifest, AgreementFixtures.IDENTITY)));
        }
        write(f, tiny, TAMPERED, other, Map.of(1, valid));
        write(f, tiny, SIGNATURE_OF_OTHER_MANIFEST, manifest,
                Map.of(1, f.sign(Signer.RSA, other, AgreementFixtures.IDENTITY)));
        write(f, tiny, UNRECOGNIZED, manifest, Map.of(1, UNRECOGNIZED_BLOB));
        write(f, tiny, VALID_THEN_UNRECOGNIZED, manifest, Map.of(1, valid, 2, UNRECOGNIZED_BLOB));
        write(f, tiny, VALID_THEN_EMPTY, manifest, Map.of(1, valid, 2, new byte[0]));
        write(f, tiny, ONLY_SIGNATURE_2, manifest, Map.of(2, valid));
        write(f, tiny, SIGSTORE_ONLY, manifest, Map.of(1, SIGSTORE_BLOB));
        write(f, tiny, SIGSTORE_AND_VALID, manifest, Map.of(1, SIGSTORE_BLOB, 2, valid));

        Path links = Files.createDirectories(f.root().resolve("links"));
        Files.createSymbolicLink(links.resolve(LINK_TO_SIGNED), f.image(SIGNED));
    }

    private static void write(AgreementFixtures f, TinyImage tiny, String name, byte[] manifest,
                              Map<Integer, byte[]> signatures) throws IOException {
        Path dir = tiny.writeTo(f.image(name), manifest);
        for (Map.Entry<Integer, byte[]> signature : signatures.entrySet()) {
            Files.write(dir.resolve("signature-" + signature.getKey()), signature.getValue());
        }
    }
}
