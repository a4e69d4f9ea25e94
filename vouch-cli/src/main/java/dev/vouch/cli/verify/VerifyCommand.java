package dev.vouch.cli.verify;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.PolicyOptions;
import dev.vouch.cli.UserInputException;
import dev.vouch.image.ImageTransports;
import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.Manifests;
import dev.vouch.policy.Policy;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import dev.vouch.transport.TransportRegistry;
import dev.vouch.transport.UntrustedManifest;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vouch verify}: the policy's decision on each image, with its explanation. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Decide whether each IMAGE may be used under the policy, and explain why.",
                "Exit code: 0 if every image is accepted, 1 if one is rejected, 2 for invalid input or configuration."})
public final class VerifyCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Output { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json")
    Output output;

    @Parameters(arity = "1..*", paramLabel = "IMAGE",
            description = "TRANSPORT:NAME, e.g. docker://registry.example.com/app:1.0, dir:/srv/app, "
                    + "oci:/srv/layout:1.0, oci-archive:/tmp/app.tar")
    List<String> images;

    @Override
    public Integer call() {
        Policy policy = policyOptions.loadPolicy();
        SourceContext context = policyOptions.sourceContext();
        PolicyEvaluator evaluator = new PolicyEvaluator(policy);
        TransportRegistry transports = ImageTransports.standard();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Verdict> verdicts = new ArrayList<>();
        boolean invalidInput = false;
        for (String name : images) {
            try {
                verdicts.add(verify(name, transports, context, evaluator));
            } catch (UserInputException e) {
                err.println("vouch: " + e.getMessage());
                invalidInput = true;
            }
        }
        if (output == Output.json) {
            out.println(VerdictJson.render(verdicts));
        } else {
            verdicts.forEach(v -> out.print(VerdictText.explain(v)));
        }
        out.flush();
        err.flush();
        if (invalidInput) {
            return ExitCode.INVALID_INPUT;
        }
        return verdicts.stream().allMatch(Verdict::accepted) ? ExitCode.OK : ExitCode.REJECTED;
    }

    private static Verdict verify(String name, TransportRegistry transports, SourceContext context,
                                  PolicyEvaluator evaluator) {
        TransportReference reference;
        try {
            reference = transports.parseImageName(name);
        } catch (InvalidReferenceException e) {
            throw new UserInputException(e.getMessage());
        }
        try (ImageSource source = reference.newImageSource(context)) {
            checkReadable(source, name);
            return evaluator.evaluate(source);
        } catch (IOException e) {
            throw new UserInputException(name + ": " + e.getMessage());
        }
    }

    /**
     * The image must exist and have a valid manifest, whatever the policy: a policy that does not look at the image
     * ({@code insecureAcceptAnything}) would otherwise accept a path that holds no image at all.
     */
    private static void checkReadable(ImageSource source, String name) {
        UntrustedManifest manifest;
        try {
            manifest = source.manifest();
        } catch (IOException e) {
            throw new UserInputException(e.getMessage());
        }
        try {
            Manifests.parse(manifest.bytes(), manifest.mediaType());
        } catch (InvalidManifestException e) {
            throw new UserInputException(name + ": invalid manifest: " + e.getMessage());
        }
    }
}
