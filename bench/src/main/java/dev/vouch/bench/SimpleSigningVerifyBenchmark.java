package dev.vouch.bench;

import dev.vouch.policy.IdentityMatcher;
import dev.vouch.policy.MatchRepoDigestOrExact;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.SecretKeyFiles;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.signature.simple.SimpleSigner;
import dev.vouch.signature.simple.SimpleSigningRules;
import dev.vouch.signature.simple.SimpleSigningVerifier;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One simple signing verification end to end with an RSA-3072 key (parse the OpenPGP message, find the key,
 * verify, check expiry and revocation, parse the payload strictly, check the digest and match the identity),
 * against the floor under it: BouncyCastle's raw verification of the same RSA-3072 signature over the same
 * payload bytes. Targets: >= 15,000 verifications per second on one core, and >= 90% of the raw figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SimpleSigningVerifyBenchmark {
    private static final String IDENTITY = "registry.example.com/team/app:1.0";

    private UntrustedSimpleSignature signature;
    private TrustedKeyring keyring;
    private SimpleSigningRules rules;
    private byte[] payload;
    private PGPSignature rawSignature;
    private PGPPublicKey rawKey;

    @Setup
    public void setUp() throws Exception {
        BenchmarkKeys keys = BenchmarkKeys.rsa3072();
        Path secretFile = Files.createTempFile("vouch-bench", ".gpg");
        try {
            Files.write(secretFile, keys.secretKeyring);
            SigningKey key = SecretKeyFiles.load(secretFile, Optional.empty(), keys.fingerprint);
            Digest digest = Digest.sha256("{\"schemaVersion\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            signature = SimpleSigner.sign(key, digest.toString(), IDENTITY, Optional.of("vouch bench"), Instant.now());
        } finally {
            Files.delete(secretFile);
        }
        keyring = TrustedKeyring.fromBytes(keys.publicKeyring);
        ImageReference image = ImageReference.parse(IDENTITY);
        String expectedDigest = Digest.sha256("{\"schemaVersion\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        rules = new SimpleSigningRules() {
            @Override
            public void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException {
                if (!Digest.parse(untrustedDockerManifestDigest).toString().equals(expectedDigest)) {
                    throw new InvalidSignatureException("digest differs");
                }
            }

            @Override
            public void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException {
                if (!IdentityMatcher.matches(new MatchRepoDigestOrExact(), Optional.of(image), untrustedDockerReference)
                        .matched()) {
                    throw new InvalidSignatureException("identity differs");
                }
            }
        };
        extractRaw(signature.untrustedOpenPgpMessage(), keys.publicKeyring);
        if (!rawVerify() || verifyEndToEnd() == null) {
            throw new IllegalStateException("the benchmark signature does not verify");
        }
    }

    private void extractRaw(byte[] message, byte[] publicKeyring) throws Exception {
        BcPGPObjectFactory factory = new BcPGPObjectFactory(message);
        Object next = factory.nextObject();
        if (next instanceof PGPCompressedData compressed) {
            factory = new BcPGPObjectFactory(compressed.getDataStream());
            next = factory.nextObject();
        }
        if (!(next instanceof PGPOnePassSignatureList)) {
            throw new IllegalStateException("unexpected message shape: " + next);
        }
        PGPLiteralData literal = (PGPLiteralData) factory.nextObject();
        try (InputStream in = literal.getDataStream()) {
            payload = in.readAllBytes();
        }
        rawSignature = ((PGPSignatureList) factory.nextObject()).get(0);
        PGPPublicKeyRing ring = new BcPGPPublicKeyRing(new BCPGInputStream(new ByteArrayInputStream(publicKeyring)));
        rawKey = ring.getPublicKey(rawSignature.getKeyID());
    }

    /** vouch: the whole verification of a stored signature. */
    @Benchmark
    public VerifiedSimpleSignature verifyEndToEnd() throws InvalidSignatureException {
        return SimpleSigningVerifier.verify(signature, keyring, rules);
    }

    /** The floor: BouncyCastle verifying the RSA-3072 signature over the already extracted payload. */
    @Benchmark
    public boolean rawVerify() throws Exception {
        rawSignature.init(new BcPGPContentVerifierBuilderProvider(), rawKey);
        rawSignature.update(payload);
        return rawSignature.verify();
    }
}
