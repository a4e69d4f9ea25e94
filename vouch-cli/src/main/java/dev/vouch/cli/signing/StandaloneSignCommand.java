package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.LocalFiles;
import dev.vouch.cli.UserInputException;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.simple.SimpleSigner;
import dev.vouch.transport.UntrustedManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vouch standalone-sign}: the arguments, output and meaning of {@code skopeo standalone-sign}. */
@Command(name = "standalone-sign", mixinStandardHelpOptions = true,
        description = {"Create a simple signing signature of MANIFEST for DOCKER-REFERENCE with the key KEY-FINGERPRINT,",
                "using local files only."})
public final class StandaloneSignCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "the manifest file to sign")
    Path manifest;

    @Parameters(index = "1", paramLabel = "DOCKER-REFERENCE", description = "the identity to sign, e.g. quay.io/team/app:1.0")
    String dockerReference;

    @Parameters(index = "2", paramLabel = "KEY-FINGERPRINT", description = "fingerprint of the signing key")
    String fingerprint;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SIGNATURE", description = "where to write the signature")
    Path output;

    @Mixin
    SigningKeyOptions keyOptions;

    @Override
    public Integer call() {
        try {
            ImageReference.parse(dockerReference);
        } catch (InvalidReferenceException e) {
            throw new UserInputException("DOCKER-REFERENCE: " + e.getMessage());
        }
        byte[] manifestBytes = LocalFiles.read(manifest, UntrustedManifest.MAX_BYTES, "manifest");
        Digest digest;
        try {
            digest = ManifestDigests.digest(manifestBytes);
        } catch (InvalidManifestException e) {
            throw new UserInputException(manifest + ": " + e.getMessage());
        }
        SigningKey key = keyOptions.load(fingerprint);
        UntrustedSimpleSignature signature;
        try {
            signature = SimpleSigner.sign(key, digest.toString(), dockerReference, Optional.of(Creator.value()),
                    Instant.now());
        } catch (InvalidKeyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        LocalFiles.writeAtomically(output, SignatureEnvelope.encode(signature));
        return ExitCode.OK;
    }
}
