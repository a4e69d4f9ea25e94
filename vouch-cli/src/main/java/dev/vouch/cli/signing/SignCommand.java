package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.image.ImageTransports;
import dev.vouch.image.dir.DirReference;
import dev.vouch.image.dir.DirSignatures;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.Manifests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.simple.SimpleSigner;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch sign}: adds a simple signing signature to an image in a {@code dir:} layout, at the first free
 * {@code signature-N}. The signed digest is computed from the manifest as read now; the identity is
 * {@code --sign-identity} (a {@code dir:} image has no Docker name of its own).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an image in a dir: layout with the key --sign-by, for the identity --sign-identity.",
                "The signature is added as the next signature-N file; existing signatures are kept."})
public final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sign-by", required = true, paramLabel = "FINGERPRINT", description = "the signing key's fingerprint")
    String fingerprint;

    @Option(names = "--sign-identity", required = true, paramLabel = "REFERENCE",
            description = "the Docker reference the signature vouches for, fully qualified, e.g. quay.io/team/app:1.0")
    String identity;

    @Mixin
    SigningKeyOptions keyOptions;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "dir:PATH")
    String image;

    @Override
    public Integer call() {
        ImageReference signedIdentity = parseIdentity();
        TransportReference reference;
        try {
            reference = ImageTransports.standard().parseImageName(image);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
        if (!(reference instanceof DirReference dir)) {
            throw new UserInputException(image + ": signing in place supports dir: images only");
        }
        Digest digest = manifestDigest(reference);
        SigningKey key = keyOptions.load(fingerprint);
        UntrustedSimpleSignature signature;
        try {
            signature = SimpleSigner.sign(key, digest.toString(), signedIdentity.toString(),
                    Optional.of(Creator.value()), Instant.now());
        } catch (InvalidKeyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        Path written;
        try {
            written = DirSignatures.add(dir.resolvedPath(), signature);
        } catch (IOException e) {
            throw new UserInputException(image + ": cannot add the signature: " + e.getMessage());
        }
        spec.commandLine().getOut().println("Signed " + digest + " as " + signedIdentity + " with "
                + key.primaryFingerprint() + ": " + written);
        return ExitCode.OK;
    }

    private ImageReference parseIdentity() {
        try {
            return ImageReference.parseNormalizedForm(identity);
        } catch (InvalidReferenceException e) {
            throw new UserInputException("--sign-identity: " + e.getMessage()
                    + " (a fully qualified reference such as docker.io/library/app:1.0 is required)");
        }
    }

    /** The digest of the image's manifest, which must be valid: a corrupt manifest is refused, not signed. */
    private static Digest manifestDigest(TransportReference reference) {
        UntrustedManifest manifest;
        try (ImageSource source = reference.newImageSource(SourceContext.defaults())) {
            manifest = source.manifest();
        } catch (IOException e) {
            throw new UserInputException(e.getMessage());
        }
        try {
            Manifests.parse(manifest.bytes(), manifest.mediaType());
            return ManifestDigests.digest(manifest.bytes());
        } catch (InvalidManifestException e) {
            throw new UserInputException(reference.displayName() + ": invalid manifest: " + e.getMessage());
        }
    }
}
