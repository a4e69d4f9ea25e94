package dev.vouch.cli.signing;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vouch sign docker://...}: reads the manifest once by the given tag (or digest), signs the digest of exactly
 * those bytes, and from then on names the image by that digest. For a simple signature, the image's existing simple
 * signatures are read and written back with the new one after them; a sigstore signature is added to the image's
 * sigstore attachment (which keeps what it holds); both through the registry destination's signature writing.
 */
final class RegistrySigning {
    private RegistrySigning() {
    }

    static int sign(PrintWriter out, TransportReference reference, Optional<ImageReference> identityOverride,
                    ImageSigner signer, SourceContext context) {
        ImageReference name = reference.dockerReference().orElseThrow();
        ImageReference identity = identityOverride.orElse(name);
        Digest digest = SignCommand.manifestDigest(reference, context);
        DockerTransportReference pinned = DockerTransportReference.of(name.withDigest(digest));
        UntrustedSignature signature;
        try {
            signature = signer.sign(digest, identity);
        } catch (IOException e) {
            throw new UserInputException(reference.displayName() + ": " + e.getMessage(), e);
        }
        List<UntrustedSignature> signatures = new ArrayList<>();
        // Simple signatures are stored as a whole list (lookaside, signature API); sigstore attachments are appended to.
        try (ImageSource source = signature instanceof UntrustedSimpleSignature ? pinned.newImageSource(context)
                : null) {
            for (UntrustedSignature existing : source == null ? List.<UntrustedSignature>of() : source.signatures()) {
                if (existing instanceof UntrustedSimpleSignature) {
                    signatures.add(existing);
                }
            }
        } catch (IOException e) {
            throw new UserInputException(reference.displayName() + ": " + e.getMessage(), e);
        }
        try (ImageDestination destination = pinned.newImageDestination(context)) {
            signatures.add(signature);
            destination.putSignatures(signatures, Optional.of(digest));
            destination.commit();
        } catch (IOException e) {
            throw new UserInputException(reference.displayName() + ": cannot add the signature: " + e.getMessage(),
                    e);
        }
        out.println("Signed " + digest + " as " + identity + " with " + signer.keyDescription() + ": "
                + name.repository() + "@" + digest);
        return ExitCode.OK;
    }
}
