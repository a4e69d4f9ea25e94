package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.PolicyOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.image.ImageTransports;
import dev.vouch.image.dir.DirReference;
import dev.vouch.image.dir.DirSignatures;
import dev.vouch.image.docker.DockerSignatureTarget;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.Manifests;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch sign}: adds a signature to an image where it is. In a {@code dir:} layout, a simple signing signature
 * ({@code --sign-by}) or a sigstore signature ({@code --sign-by-sigstore-private-key}) goes to the first free
 * {@code signature-N}, for {@code --sign-identity} (a {@code dir:} image has no Docker name of its own). In a
 * registry ({@code docker://}), the tag is resolved once, that digest is signed with the sigstore key, and the
 * signature is added to the image's sigstore attachments (registries.d must enable {@code use-sigstore-attachments}).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an image where it is, with the OpenPGP key --sign-by or the sigstore private key",
                "--sign-by-sigstore-private-key.",
                "dir:PATH: the signature is added as the next signature-N file, for --sign-identity.",
                "docker://REFERENCE (sigstore keys): the tag is resolved once, that digest is signed (for",
                "--sign-identity, default the reference as given) and added to its sigstore attachment",
                "(registries.d must set use-sigstore-attachments: true for the repository).",
                "Existing signatures are kept."})
public final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Exactly one kind of key. */
    static final class KeyChoice {
        @Option(names = "--sign-by", paramLabel = "FINGERPRINT", description = "the OpenPGP signing key's fingerprint")
        String fingerprint;

        @Option(names = "--sign-by-sigstore-private-key", paramLabel = "PATH",
                description = "the sigstore private key (cosign's encrypted format, or PEM PKCS#8) to sign with")
        Path sigstorePrivateKey;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyChoice keyChoice;

    @Option(names = "--sign-identity", paramLabel = "REFERENCE",
            description = {"the Docker reference the signature vouches for, fully qualified, e.g. quay.io/team/app:1.0",
                    "(required for dir:; for docker:// the image as named)"})
    String identity;

    @Mixin
    SigningKeyOptions keyOptions;

    @Mixin
    PolicyOptions registryOptions;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "dir:PATH, or docker://REFERENCE with a sigstore key")
    String image;

    @Override
    public Integer call() {
        TransportReference reference;
        try {
            reference = ImageTransports.standard().parseImageName(image);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
        if (reference instanceof DirReference dir) {
            return signDirectory(dir);
        }
        if (reference instanceof DockerTransportReference docker) {
            return signInRegistry(docker);
        }
        throw new UserInputException(image + ": signing in place supports dir: and docker:// images only");
    }

    private int signDirectory(DirReference dir) {
        if (identity == null) {
            throw new UserInputException("--sign-identity is required to sign a dir: image (it has no Docker name)");
        }
        ImageReference signedIdentity = parseIdentity();
        ImageSigner signer = signer();
        Digest digest = manifestDigest(dir);
        UntrustedSignature signature = signer.sign(digest, signedIdentity);
        Path written;
        try {
            written = DirSignatures.add(dir.resolvedPath(), signature);
        } catch (IOException e) {
            throw new UserInputException(image + ": cannot add the signature: " + e.getMessage());
        }
        spec.commandLine().getOut().println("Signed " + digest + " as " + signedIdentity + " with "
                + signer.keyDescription() + ": " + written);
        return ExitCode.OK;
    }

    /**
     * Resolves the image's manifest digest once, signs that digest (for {@code --sign-identity}, else the image as
     * named) and adds the signature as a sigstore attachment.
     */
    private int signInRegistry(DockerTransportReference docker) {
        if (keyChoice.fingerprint != null) {
            throw new UserInputException(image + ": vouch signs docker:// images in place with "
                    + "--sign-by-sigstore-private-key only; --sign-by (simple signing) works on dir: images");
        }
        ImageReference requestedIdentity = identity == null ? null : parseIdentity();
        SourceContext context = registryOptions.sourceContext();
        ImageSigner signer = signer();
        try (DockerSignatureTarget target = DockerSignatureTarget.resolve(docker, context)) {
            ImageReference signedIdentity = requestedIdentity != null ? requestedIdentity : target.image();
            UntrustedSignature signature = signer.sign(target.manifestDigest(), signedIdentity);
            int added = target.addSigstoreSignatures(List.of((UntrustedSigstoreSignature) signature));
            spec.commandLine().getOut().println("Signed " + target.manifestDigest() + " as " + signedIdentity
                    + " with " + signer.keyDescription() + ": sigstore attachment "
                    + target.image().repository() + ":" + target.manifestDigest().algorithm().identifier() + "-"
                    + target.manifestDigest().encoded() + ".sig" + (added == 0 ? " (already there)" : ""));
            return ExitCode.OK;
        } catch (IOException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The key chosen by exactly one of {@code --sign-by} and {@code --sign-by-sigstore-private-key}, loaded. */
    private ImageSigner signer() {
        if (keyChoice.fingerprint != null) {
            return ImageSigner.openPgp(keyOptions.load(keyChoice.fingerprint));
        }
        if (keyOptions.selectsOpenPgpKey()) {
            throw new UserInputException("--key-file and --gpg-home select OpenPGP keys; they cannot be used with "
                    + "--sign-by-sigstore-private-key");
        }
        return ImageSigner.sigstore(keyChoice.sigstorePrivateKey, keyOptions.readPassphrase());
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
