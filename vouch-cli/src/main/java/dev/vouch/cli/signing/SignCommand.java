package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.PolicyOptions;
import dev.vouch.cli.TlsOptions;
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
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch sign}: adds a simple signing signature ({@code --sign-by}) or a sigstore signature
 * ({@code --sign-by-sigstore-private-key}) to an image where it is.
 * <ul>
 *   <li>{@code dir:}: at the first free {@code signature-N}; the signed digest is computed from the manifest as read
 *       now; the identity is {@code --sign-identity} (a {@code dir:} image has no Docker name of its own).</li>
 *   <li>{@code docker://}: the tag is resolved once; that digest is signed for the reference's name (or
 *       {@code --sign-identity}), and the signature is written where a copy would write it: a simple signature to
 *       the registry's signature API, else the registries.d lookaside write location, after the image's existing
 *       simple signatures, which are kept; a sigstore signature to the image's sigstore attachment (registries.d
 *       must enable {@code use-sigstore-attachments}), added to those already there.</li>
 * </ul>
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign an image in a dir: layout or a registry (docker://) with the OpenPGP key --sign-by or the",
                "sigstore private key --sign-by-sigstore-private-key.",
                "dir: the identity is --sign-identity; the signature is added as the next signature-N file.",
                "docker://: the tag is resolved to a digest once; the identity is the image's name (or "
                        + "--sign-identity); a simple signature goes to the registry's signature API if it has one, "
                        + "else to the registries.d lookaside-staging (file://) location; a sigstore signature is "
                        + "added to the image's sigstore attachment (registries.d: use-sigstore-attachments: true). "
                        + "Existing signatures are kept."})
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
            description = "the Docker reference the signature vouches for, fully qualified, e.g. quay.io/team/app:1.0 "
                    + "(required for dir:; default for docker://: the image's name)")
    String identity;

    @Mixin
    SigningKeyOptions keyOptions;

    @Option(names = "--registries.d", paramLabel = "DIR",
            description = "registries.d directory: where signatures of docker:// images are written")
    Path registriesDirectory;

    @Option(names = "--authfile", paramLabel = "FILE", description = "containers-auth.json with registry credentials")
    Path authFile;

    @Option(names = "--creds", paramLabel = "USER[:PASSWORD]", description = "credentials for the registry")
    String credentials;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "dir:PATH or docker://NAME[:TAG|@DIGEST]")
    String image;

    @Override
    public Integer call() {
        TransportReference reference;
        try {
            reference = ImageTransports.standard().parseImageName(image);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
        if (reference.transport().name().equals("docker")) {
            Optional<ImageReference> identityOverride = Optional.ofNullable(identity).map(SignCommand::parseIdentity);
            SourceContext context = PolicyOptions.sourceContext(Optional.ofNullable(registriesDirectory),
                    Optional.ofNullable(authFile), Optional.ofNullable(credentials), "--creds", tls);
            return RegistrySigning.sign(spec.commandLine().getOut(), reference, identityOverride, signer(), context);
        }
        if (!(reference instanceof DirReference dir)) {
            throw new UserInputException(image + ": signing in place supports dir: and docker:// images only");
        }
        if (identity == null) {
            throw new UserInputException("--sign-identity is required to sign a dir: image");
        }
        ImageReference signedIdentity = parseIdentity(identity);
        ImageSigner signer = signer();
        Digest digest = manifestDigest(reference, SourceContext.defaults());
        Path written;
        try {
            UntrustedSignature signature = signer.sign(digest, signedIdentity);
            written = DirSignatures.add(dir.resolvedPath(), signature);
        } catch (IOException e) {
            throw new UserInputException(image + ": cannot add the signature: " + e.getMessage());
        }
        spec.commandLine().getOut().println("Signed " + digest + " as " + signedIdentity + " with "
                + signer.keyDescription() + ": " + written);
        return ExitCode.OK;
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

    private static ImageReference parseIdentity(String identity) {
        try {
            return ImageReference.parseNormalizedForm(identity);
        } catch (InvalidReferenceException e) {
            throw new UserInputException("--sign-identity: " + e.getMessage()
                    + " (a fully qualified reference such as docker.io/library/app:1.0 is required)");
        }
    }

    /** The digest of the image's manifest, which must be valid: a corrupt manifest is refused, not signed. */
    static Digest manifestDigest(TransportReference reference, SourceContext context) {
        UntrustedManifest manifest;
        try (ImageSource source = reference.newImageSource(context)) {
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
