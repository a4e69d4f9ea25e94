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
import dev.vouch.transport.SharedResources;
import java.nio.file.Path;
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
                "Several images (arguments, then --images-from) are verified concurrently, sharing one connection "
                        + "and token per registry; results are printed in input order.",
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

    /** The default number of images verified at the same time. */
    static final int DEFAULT_JOBS = 16;

    @Parameters(arity = "0..*", paramLabel = "IMAGE",
            description = "TRANSPORT:NAME, e.g. docker://registry.example.com/app:1.0, "
                    + "atomic:registry.example.com/project/stream:tag, dir:/srv/app, oci:/srv/layout:1.0, "
                    + "oci-archive:/tmp/app.tar")
    List<String> images = List.of();

    @Option(names = "--images-from", paramLabel = "FILE",
            description = "also verify the images listed in FILE, one per line (blank lines and lines starting "
                    + "with # are skipped)")
    Path imagesFrom;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "" + DEFAULT_JOBS,
            description = "verify at most N images at the same time (default: ${DEFAULT-VALUE})")
    int jobs;

    @Override
    public Integer call() {
        List<ImageList.Entry> entries = entries();
        if (jobs < 1) {
            throw new UserInputException("--jobs must be at least 1");
        }
        Policy policy = policyOptions.loadPolicy();
        TransportRegistry transports = ImageTransports.standard();
        List<Object> references = parseAll(entries, transports);
        PolicyEvaluator evaluator = PolicyEvaluator.keepingKeys(policy);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Verdict> verdicts = new ArrayList<>();
        boolean invalidInput = false;
        try (SharedResources shared = new SharedResources()) {
            SourceContext context = policyOptions.sourceContext().withSharedResources(shared);
            List<Result> results = ConcurrentVerification.run(references.size(), Math.min(jobs, references.size()),
                    i -> references.get(i) instanceof TransportReference reference
                            ? verify(entries.get(i), reference, context, evaluator) : (Result) references.get(i));
            for (Result result : results) {
                if (result.verdict() != null) {
                    verdicts.add(result.verdict());
                } else {
                    err.println("vouch: " + result.error());
                    invalidInput = true;
                }
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

    /** A verdict, or the one-line message of why there is none. */
    record Result(Verdict verdict, String error) {
    }

    /** The command-line images, then those of {@code --images-from}; at least one. */
    private List<ImageList.Entry> entries() {
        List<ImageList.Entry> entries = new ArrayList<>();
        for (String name : images) {
            entries.add(new ImageList.Entry(name, ""));
        }
        if (imagesFrom != null) {
            entries.addAll(ImageList.read(imagesFrom));
        }
        if (entries.isEmpty() && imagesFrom == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required parameter: 'IMAGE' (or --images-from FILE)");
        }
        if (entries.isEmpty()) {
            throw new UserInputException(imagesFrom + ": lists no image");
        }
        return entries;
    }

    /** Every name parsed: its reference, or the message saying why it is invalid. */
    private static List<Object> parseAll(List<ImageList.Entry> entries, TransportRegistry transports) {
        List<Object> parsed = new ArrayList<>();
        for (ImageList.Entry entry : entries) {
            try {
                parsed.add(transports.parseImageName(entry.name()));
            } catch (InvalidReferenceException e) {
                parsed.add(new Result(null, entry.prefix() + e.getMessage()));
            }
        }
        return parsed;
    }

    private static Result verify(ImageList.Entry entry, TransportReference reference, SourceContext context,
                                 PolicyEvaluator evaluator) {
        String name = entry.name();
        try (ImageSource source = reference.newImageSource(context)) {
            checkReadable(source, name);
            return new Result(evaluator.evaluate(source), null);
        } catch (IOException e) {
            return new Result(null, entry.prefix() + name + ": " + e.getMessage());
        } catch (UserInputException e) {
            return new Result(null, entry.prefix() + e.getMessage());
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
