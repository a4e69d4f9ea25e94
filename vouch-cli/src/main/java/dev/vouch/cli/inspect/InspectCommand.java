package dev.vouch.cli.inspect;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.PolicyOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.image.ImageTransports;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.manifest.Manifests;
import dev.vouch.manifest.ParsedManifest;
import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.UntrustedManifest;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vouch inspect}: what an image is and which signatures are stored for it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show an image's manifest digest, media type, platforms (os/architecture/variant and "
                + "instance digest, for an index or manifest list) or layers, and the signatures stored for it, with "
                + "where each was read. Signatures are marked unverified, unless --policy is given: then each is "
                + "marked accepted, rejected or not considered by the policy, with the reason.",
                "JSON output (-o json), stable: {image, digest, mediaType, size, platforms?[{os, architecture, variant, "
                + "digest}], layers?, signatures[{index (from 1), format (simple-signing|sigstore-json), origin?, "
                + "status (unverified|accepted|rejected|not considered), reason, signer?, signedIdentity?}], "
                + "accepted? (only with --policy)}; fields marked ? may be absent.",
                "Exit code: 0, or 2 for invalid input (a missing image, an unreadable policy)."})
public final class InspectCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Output { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions options;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json")
    Output output;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "TRANSPORT:NAME, e.g. docker://quay.io/a/b:1, "
            + "atomic:registry.example.com/project/stream:tag or dir:/srv/app")
    String image;

    @Override
    public Integer call() {
        Optional<PolicyEvaluator> evaluator = options.policyGiven()
                ? Optional.of(new PolicyEvaluator(options.loadPolicy())) : Optional.empty();
        TransportReference reference;
        try {
            reference = ImageTransports.standard().parseImageName(image);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
        ImageReport report = read(reference, evaluator);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output == Output.json ? InspectOutput.json(report) : InspectOutput.text(report));
        out.flush();
        return ExitCode.OK;
    }

    private ImageReport read(TransportReference reference, Optional<PolicyEvaluator> evaluator) {
        try (ImageSource source = reference.newImageSource(options.sourceContext())) {
            UntrustedManifest manifest = source.manifest();
            byte[] bytes = manifest.bytes();
            Digest digest = ManifestDigests.digest(bytes);
            ParsedManifest parsed = Manifests.parse(bytes, manifest.mediaType());
            List<UntrustedSignature> signatures = source.signatures();
            List<String> origins = source.signatureOrigins();
            if (origins.size() != signatures.size()) {
                origins = List.of();
            }
            Optional<Verdict> verdict = evaluator.map(e -> e.evaluate(source));
            return new ImageReport(reference.displayName(), digest, manifest.mediaType(), bytes.length, parsed,
                    signatures, origins, verdict);
        } catch (IOException | InvalidManifestException e) {
            throw new UserInputException(image + ": " + e.getMessage());
        }
    }
}
