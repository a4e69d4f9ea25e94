package dev.vouch.cli;

import dev.vouch.cli.training.RegistryTraining;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs typical vouch commands once, output discarded, so that {@code bin/vouch} can record the classes they load
 * ({@code -XX:DumpLoadedClassList}) and dump them into a class-data sharing archive: later starts map those classes
 * instead of loading and verifying them again, which is most of a short command's run time. With {@code --registry}
 * it also runs the registry commands (verify, inspect, copy over HTTP and verified HTTPS) against the example image
 * served in-process ({@link RegistryTraining}), so that the HTTP client, TLS, registries.d and registry classes are
 * archived too ({@code bin/vouch} keeps that larger archive for registry commands).
 *
 * <p>Usage: {@code java -XX:DumpLoadedClassList=vouch.classlist -cp vouch.jar dev.vouch.cli.ClassDataTraining
 * EXAMPLES [--registry]} where EXAMPLES is the repository's {@code examples} directory (its signed image and key are verified).
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        boolean registry = args.length == 2 && args[1].equals("--registry");
        if (args.length != 1 && !registry) {
            System.err.println("usage: ClassDataTraining EXAMPLES-DIRECTORY [--registry]");
            System.exit(ExitCode.INVALID_INPUT);
        }
        Path examples = Path.of(args[0]);
        Path image = examples.resolve("images/hello");
        String policy = examples.resolve("policy.json").toString();
        String key = examples.resolve("keys/example.pub.asc").toString();
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        run(discard, "--help");
        run(discard, "verify", "--help");
        run(discard, "policy", "check", policy);
        run(discard, "trust", "show", "--policy", policy);
        run(discard, "verify", "--policy", policy, "dir:" + image);
        run(discard, "verify", "--output", "json", "--policy", policy, "dir:" + image);
        run(discard, "inspect", "--policy", policy, "dir:" + image);
        if (Files.isRegularFile(image.resolve("signature-1"))) {
            run(discard, "standalone-verify", image.resolve("manifest.json").toString(),
                    "registry.example.com/vouch/hello:1.0", "any", image.resolve("signature-1").toString(),
                    "--public-key-file", key);
        }
        run(discard, "standalone-verify", "--help");
        run(discard, "standalone-sign", "--help");
        run(discard, "sign", "--help");
        if (!registry) {
            return;
        }
        try {
            RegistryTraining.run(examples, arguments -> run(discard, arguments));
        } catch (Exception e) {
            // The local commands above were recorded; a registry part that cannot run costs start-up time only.
        }
    }

    private static int run(PrintWriter discard, String... args) {
        try {
            return Main.run(args, discard, discard);
        } catch (RuntimeException e) {
            // Training only loads classes; a failing command still did.
            return ExitCode.INTERNAL_ERROR;
        }
    }
}
