package dev.vouch.cli.copy;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.PolicyOptions;
import dev.vouch.cli.TlsOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.cli.signing.KeySigner;
import dev.vouch.cli.signing.SigningKeyOptions;
import dev.vouch.copy.CopyOptions;
import dev.vouch.copy.CopyPlan;
import dev.vouch.copy.CopyResult;
import dev.vouch.copy.CopySigner;
import dev.vouch.copy.ImageCopier;
import dev.vouch.copy.PolicyRejectedException;
import dev.vouch.image.ImageTransports;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageDestination;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.VerdictText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch copy SRC DEST}: skopeo copy's behaviour and flags. The source is evaluated against the policy first;
 * a rejection writes nothing. Manifests are copied byte for byte, so digests are kept.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy an image from SRC to DEST (docker://, dir:, oci:, oci-archive:) with its signatures, "
                + "after the policy accepts the source.",
                "Exit code: 0 copied, 1 the policy rejects the source (nothing is written), 2 invalid input or the "
                        + "copy failed."})
public final class CopyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "policy.json to use (default: $HOME/.config/containers/policy.json, "
                    + "else /etc/containers/policy.json)")
    Path policy;

    @Option(names = "--registries.d", paramLabel = "DIR",
            description = "registries.d directory: where signatures are read and written")
    Path registriesDirectory;

    @Option(names = "--authfile", paramLabel = "FILE", description = "containers-auth.json for both registries")
    Path authFile;

    @Option(names = "--src-authfile", paramLabel = "FILE", description = "containers-auth.json for the source")
    Path sourceAuthFile;

    @Option(names = "--dest-authfile", paramLabel = "FILE", description = "containers-auth.json for the destination")
    Path destinationAuthFile;

    @Option(names = "--src-creds", paramLabel = "USER[:PASSWORD]", description = "credentials for the source registry")
    String sourceCredentials;

    @Option(names = "--dest-creds", paramLabel = "USER[:PASSWORD]",
            description = "credentials for the destination registry")
    String destinationCredentials;

    @Option(names = "--src-tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "require HTTPS and verify certificates of the source registry (default: true)")
    Boolean sourceTlsVerify;

    @Option(names = "--dest-tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "require HTTPS and verify certificates of the destination registry (default: true)")
    Boolean destinationTlsVerify;

    @Option(names = "--src-cert-dir", paramLabel = "DIR", description = "certificates for the source registry")
    Path sourceCertDirectory;

    @Option(names = "--dest-cert-dir", paramLabel = "DIR", description = "certificates for the destination registry")
    Path destinationCertDirectory;

    @Option(names = {"-a", "--all"},
            description = "for a multi-platform image, copy the index and every instance (default: only linux/amd64)")
    boolean all;

    @Option(names = "--remove-signatures", description = "do not copy signatures")
    boolean removeSignatures;

    @Option(names = "--sign-by", paramLabel = "FINGERPRINT",
            description = "add a simple signing signature made with this key, for the destination's name")
    String signBy;

    @Mixin
    SigningKeyOptions keyOptions;

    @Option(names = {"-q", "--quiet"}, description = "print nothing on success")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC", description = "the image to copy, TRANSPORT:NAME")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "where to write it, TRANSPORT:NAME")
    String destination;

    @Override
    public Integer call() {
        TransportReference from = parse(source);
        TransportReference to = parse(destination);
        PolicyEvaluator evaluator = new PolicyEvaluator(PolicyOptions.loadPolicy(Optional.ofNullable(policy)));
        SourceContext sourceContext = context(sourceAuthFile, sourceCredentials, "--src-creds", sourceTlsVerify,
                sourceCertDirectory);
        SourceContext destinationContext = context(destinationAuthFile, destinationCredentials, "--dest-creds",
                destinationTlsVerify, destinationCertDirectory);
        Optional<CopySigner> signer = Optional.ofNullable(signBy).map(fpr -> new KeySigner(keyOptions.load(fpr)));
        ImageCopier copier = new ImageCopier(CopyOptions.of(evaluator).withAllImages(all)
                .withRemoveSignatures(removeSignatures).withSigner(signer));
        PrintWriter err = spec.commandLine().getErr();
        try (ImageSource opened = open(from, sourceContext)) {
            CopyPlan plan;
            try {
                plan = copier.plan(opened);
            } catch (PolicyRejectedException e) {
                err.println("vouch: " + source + ": Source image rejected");
                err.print(VerdictText.explain(e.verdict()));
                err.flush();
                return ExitCode.REJECTED;
            } catch (IOException e) {
                throw new UserInputException(named(source, e), e);
            }
            CopyResult result;
            try (ImageDestination target = to.newImageDestination(destinationContext)) {
                result = copier.copy(plan, target);
            } catch (IOException e) {
                throw new UserInputException(named(destination, e), e);
            }
            if (!quiet) {
                spec.commandLine().getOut().println("Copied " + source + " to " + destination + ": "
                        + result.manifestDigest() + " (" + result.blobsCopied() + " blobs copied, "
                        + result.blobsMounted() + " mounted, " + result.blobsPresent() + " already present, "
                        + result.signatures() + " signatures)");
            }
            return ExitCode.OK;
        } catch (IOException e) {
            throw new UserInputException(named(source, e), e);
        }
    }

    /** The failure's message, with the image's name in front unless the message already names it. */
    private static String named(String image, IOException failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains(image) ? message : image + ": " + message;
    }

    private static ImageSource open(TransportReference reference, SourceContext context) throws IOException {
        return reference.newImageSource(context);
    }

    private SourceContext context(Path specificAuthFile, String credentials, String credentialsFlag,
                                  Boolean tlsVerify, Path certDirectory) {
        return PolicyOptions.sourceContext(Optional.ofNullable(registriesDirectory),
                Optional.ofNullable(specificAuthFile).or(() -> Optional.ofNullable(authFile)),
                Optional.ofNullable(credentials), credentialsFlag,
                TlsOptions.of(Optional.ofNullable(tlsVerify), Optional.ofNullable(certDirectory)));
    }

    private static TransportReference parse(String name) {
        try {
            return ImageTransports.standard().parseImageName(name);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
