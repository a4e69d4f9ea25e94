package dev.vouch.signature.simple;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.GnupgHome;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What SimpleSigner writes: the payload skopeo writes, in a message gpg and the verifier accept. */
class SimpleSignerTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String REFERENCE = "quay.io/example/app:1.0";
    static final Instant TIME = Instant.parse("2024-05-01T12:00:00.750Z");

    static GpgHome gpg;
    static String rsa;
    static SigningKey key;

    @BeforeAll
    static void generateKey() throws Exception {
        gpg = GpgHome.create();
        rsa = gpg.generateKey(GpgKeySpec.rsa("Signer <signer@example.com>")
                .createdAt(Instant.parse("2024-01-01T00:00:00Z")));
        key = GnupgHome.load(gpg.path(), rsa, Optional.empty());
    }

    @AfterAll
    static void cleanUp() {
        gpg.close();
    }

    @Test
    void signsExactlyThePayloadSkopeoWrites() throws Exception {
        UntrustedSimpleSignature signature = SimpleSigner.sign(key, DIGEST, REFERENCE, Optional.of("vouch 0.1.0"),
                TIME);

        GpgHome.Result decrypted = gpg.run(signature.untrustedOpenPgpMessage(), List.of("--decrypt"));
        assertThat(decrypted.exitCode()).as(decrypted.stderr()).isZero();
        assertThat(decrypted.stdoutText()).isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":\""
                + REFERENCE + "\"},\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"atomic "
                + "container signature\"},\"optional\":{\"creator\":\"vouch 0.1.0\",\"timestamp\":1714564800}}");
    }

    @Test
    void writesAnUncompressedOnePassSignedMessageWithSha256() throws Exception {
        byte[] message = SimpleSigner.sign(key, DIGEST, REFERENCE, Optional.empty(), TIME).untrustedOpenPgpMessage();

        assertThat(message[0] & 0xff).as("one-pass signature packet first").isIn(0x90, 0xC4);
        GpgHome.Result packets = gpg.run(message, List.of("--list-packets"));
        assertThat(packets.stdoutText()).contains(":onepass_sig packet:").contains(":literal data packet:")
                .contains("digest algo 8").doesNotContain("compressed packet");
    }

    @Test
    void leavesOutAnAbsentCreator() throws Exception {
        UntrustedSimpleSignature signature = SimpleSigner.sign(key, DIGEST, REFERENCE, Optional.empty(), TIME);

        assertThat(gpg.run(signature.untrustedOpenPgpMessage(), List.of("--decrypt")).stdoutText())
                .endsWith("\"optional\":{\"timestamp\":1714564800}}");
    }

    @Test
    void roundTripsThroughTheVerifier() throws Exception {
        UntrustedSimpleSignature signature = SimpleSigner.sign(key, DIGEST, REFERENCE, Optional.of("vouch"), TIME);

        VerifiedSimpleSignature verified = SimpleSigningVerifier.verify(signature,
                TrustedKeyring.fromBytes(gpg.exportPublicKeys(rsa)), new RecordingRules(DIGEST, REFERENCE));

        assertThat(verified.signerPrimaryFingerprint()).isEqualTo(rsa);
        assertThat(verified.creator()).contains("vouch");
        assertThat(verified.timestamp()).contains(Instant.ofEpochSecond(1714564800L));
        assertThat(verified.signatureCreationTime()).isEqualTo(Instant.ofEpochSecond(1714564800L));
    }
}
