package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.LocalFiles;
import dev.vouch.cli.UserInputException;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.GnupgHome;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.signature.simple.SimpleSigningRules;
import dev.vouch.signature.simple.SimpleSigningVerifier;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import dev.vouch.transport.UntrustedManifest;
import dev.vouch.verify.SignedDigests;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch standalone-verify}: the arguments, output and meaning of {@code skopeo standalone-verify}. The
 * signature must be made by one of KEY-FINGERPRINTS (the primary key or its signing subkey), for exactly
 * DOCKER-REFERENCE (compared in normalized form), over MANIFEST's digest.
 */
@Command(name = "standalone-verify", mixinStandardHelpOptions = true,
        description = {"Verify a simple signing SIGNATURE of MANIFEST for DOCKER-REFERENCE, made by one of",
                "KEY-FINGERPRINTS (comma-separated; 'any' with --public-key-file), using local files only.",
                "Exit code: 0 if verified, 1 if the signature is not valid, 2 for invalid input."})
public final class StandaloneVerifyCommand implements Callable<Integer> {
    private static final int MAX_SIGNATURE_BYTES = SignatureEnvelope.MAX_BLOB_BYTES;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "the manifest file")
    Path manifest;

    @Parameters(index = "1", paramLabel = "DOCKER-REFERENCE", description = "the identity the signature must claim")
    String dockerReference;

    @Parameters(index = "2", paramLabel = "KEY-FINGERPRINTS",
            description = "accepted key fingerprints, comma-separated, or 'any' (with --public-key-file)")
    String fingerprints;

    @Parameters(index = "3", paramLabel = "SIGNATURE", description = "the signature file")
    Path signatureFile;

    @Option(names = "--public-key-file", paramLabel = "FILE",
            description = "public keys to verify with (binary or ASCII-armored); default: the GnuPG home's keyring")
    Path publicKeyFile;

    @Option(names = "--gpg-home", paramLabel = "DIR",
            description = "GnuPG home whose public keyring to use (default: $GNUPGHOME, else ~/.gnupg)")
    Path gnupgHome;

    @Override
    public Integer call() {
        ImageReference expected;
        try {
            expected = ImageReference.parse(dockerReference);
        } catch (InvalidReferenceException e) {
            throw new UserInputException("DOCKER-REFERENCE: " + e.getMessage());
        }
        if (publicKeyFile != null && gnupgHome != null) {
            throw new UserInputException("--public-key-file and --gpg-home cannot be used together");
        }
        if (fingerprints.equals("any") && publicKeyFile == null) {
            throw new UserInputException("KEY-FINGERPRINTS 'any' needs --public-key-file");
        }
        TrustedKeyring keyring = keyring();
        List<String> accepted = acceptedFingerprints(keyring);
        byte[] manifestBytes = LocalFiles.read(manifest, UntrustedManifest.MAX_BYTES, "manifest");
        byte[] blob = LocalFiles.read(signatureFile, MAX_SIGNATURE_BYTES, "signature");
        try {
            UntrustedSignature decoded = SignatureEnvelope.decode(blob);
            if (!(decoded instanceof UntrustedSimpleSignature simple)) {
                throw new InvalidSignatureException("not a simple signing signature (format " + decoded.formatName() + ")");
            }
            VerifiedSimpleSignature verified = SimpleSigningVerifier.verify(simple, keyring,
                    new ExactRules(manifestBytes, expected));
            if (!accepted.contains(verified.signerPrimaryFingerprint())
                    && !accepted.contains(verified.signingKeyFingerprint())) {
                throw new InvalidSignatureException("signature by key " + verified.signingKeyFingerprint()
                        + " is not accepted; expected one of " + String.join(", ", accepted));
            }
            spec.commandLine().getOut().println("Signature verified using fingerprint "
                    + verified.signingKeyFingerprint() + ", digest " + verified.dockerManifestDigest());
            return ExitCode.OK;
        } catch (InvalidSignatureException e) {
            spec.commandLine().getErr().println("vouch: signature verification failed: " + e.getMessage());
            return ExitCode.REJECTED;
        }
    }

    private TrustedKeyring keyring() {
        try {
            if (publicKeyFile != null) {
                return TrustedKeyring.fromFiles(List.of(publicKeyFile));
            }
            return GnupgHome.publicKeyring(gnupgHome != null ? gnupgHome : GnupgHome.defaultDirectory());
        } catch (InvalidKeyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private List<String> acceptedFingerprints(TrustedKeyring keyring) {
        if (fingerprints.equals("any")) {
            return List.copyOf(keyring.fingerprints());
        }
        List<String> list = Arrays.stream(fingerprints.split(",", -1)).map(String::trim)
                .map(f -> f.toUpperCase(Locale.ROOT)).collect(Collectors.toList());
        for (String fingerprint : list) {
            if (!fingerprint.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
                throw new UserInputException("KEY-FINGERPRINTS: \"" + fingerprint
                        + "\" is not a full key fingerprint (40 or 64 hexadecimal digits)");
            }
        }
        return list;
    }

    /** The manifest digest must match MANIFEST; the signed identity must equal DOCKER-REFERENCE once normalized. */
    private static final class ExactRules implements SimpleSigningRules {
        private final byte[] manifest;
        private final ImageReference expected;

        ExactRules(byte[] manifest, ImageReference expected) {
            this.manifest = manifest;
            this.expected = expected;
        }

        @Override
        public void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException {
            SignedDigests.requireMatch(manifest, untrustedDockerManifestDigest);
        }

        @Override
        public void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException {
            ImageReference signed;
            try {
                signed = ImageReference.parse(untrustedDockerReference);
            } catch (InvalidReferenceException e) {
                throw new InvalidSignatureException("signed identity is not valid: " + e.getMessage());
            }
            if (!signed.equals(expected)) {
                throw new InvalidSignatureException("signed identity " + signed + " does not match " + expected);
            }
        }
    }
}
