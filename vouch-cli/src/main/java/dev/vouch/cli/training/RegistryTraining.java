package dev.vouch.cli.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.io.TemporaryDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The registry part of the class-data training: serves the repository's example image from {@link TrainingRegistry}
 * (once over plain HTTP, once over HTTPS with {@link TrainingCertificates}) and runs what users run against a
 * registry: {@code verify} (text and JSON), {@code inspect}, {@code copy} to a {@code dir:}, and {@code verify} over
 * verified TLS with {@code --cert-dir}. The policy accepts the example's signature (which claims
 * {@value #SIGNED_REPOSITORY}:{@value #TAG}) through a {@code remapIdentity}, so the whole verification runs, up to
 * the accepted verdict. Everything it starts is stopped and every file it writes deleted before it returns.
 */
public final class RegistryTraining {
    static final String REPOSITORY = "vouch/hello";
    static final String TAG = "1.0";
    static final String SIGNED_REPOSITORY = "registry.example.com/vouch/hello";

    private RegistryTraining() {
    }

    /**
     * Runs the commands through {@code vouch} (arguments to exit code) against the image under
     * {@code examples/images/hello}, verified with {@code examples/keys/example.pub.asc}.
     *
     * @return the commands that did not exit with 0, one line each (empty when every one did)
     * @throws IOException when the image cannot be read or the training files cannot be written
     */
    public static List<String> run(Path examples, ToIntFunction<String[]> vouch)
            throws IOException, GeneralSecurityException {
        Path image = examples.resolve("images/hello").toAbsolutePath();
        Path key = examples.resolve("keys/example.pub.asc").toAbsolutePath();
        Path work = Files.createTempDirectory("vouch-training");
        // A launcher interrupted during its first run (Ctrl-C) ends the JVM without the finally below.
        Thread cleanUp = new Thread(() -> TemporaryDirectories.deleteQuietly(work), "vouch-training-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        List<String> failures = new ArrayList<>();
        try {
            TrainingCertificates certificates = TrainingCertificates.create();
            Path certs = work.resolve("certs");
            certificates.writeAuthority(certs);
            try (TrainingRegistry plain = TrainingRegistry.start(image, REPOSITORY, TAG, Optional.empty());
                 TrainingRegistry https = TrainingRegistry.start(image, REPOSITORY, TAG,
                         Optional.of(certificates.serverContext()))) {
                String lookaside = "http://" + plain.hostPort() + TrainingRegistry.LOOKASIDE_PATH;
                Path registries = Files.createDirectories(work.resolve("registries.d"));
                Files.writeString(registries.resolve("training.yaml"), "docker:\n"
                        + "  \"" + plain.hostPort() + "\":\n    lookaside: " + lookaside + "\n"
                        + "  \"" + https.hostPort() + "\":\n    lookaside: " + lookaside + "\n");
                Path policy = Files.writeString(work.resolve("policy.json"),
                        policy(key, List.of(plain.hostPort(), https.hostPort())));
                String plainImage = "docker://" + plain.hostPort() + "/" + REPOSITORY + ":" + TAG;
                String httpsImage = "docker://" + https.hostPort() + "/" + REPOSITORY + ":" + TAG;
                List<String> common = List.of("--policy", policy.toString(), "--registries.d", registries.toString());
                List<List<String>> commands = List.of(
                        join(List.of("verify"), common, List.of("--tls-verify=false", plainImage)),
                        join(List.of("verify", "--output", "json"), common, List.of("--tls-verify=false", plainImage)),
                        join(List.of("inspect"), common, List.of("--tls-verify=false", plainImage)),
                        join(List.of("copy"), common, List.of("--src-tls-verify=false", plainImage,
                                "dir:" + work.resolve("copy"))),
                        join(List.of("verify"), common, List.of("--cert-dir", certs.toString(), httpsImage)));
                for (List<String> command : commands) {
                    int exitCode = vouch.applyAsInt(command.toArray(new String[0]));
                    if (exitCode != 0) {
                        failures.add("exit code " + exitCode + ": vouch " + String.join(" ", command));
                    }
                }
            }
        } finally {
            TemporaryDirectories.deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
        return failures;
    }

    /** A policy trusting the example key for the example image at each of {@code hostPorts}, and nothing else. */
    static String policy(Path key, List<String> hostPorts) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode policy = json.createObjectNode();
        policy.putArray("default").addObject().put("type", "reject");
        ObjectNode scopes = policy.putObject("transports").putObject("docker");
        for (String hostPort : hostPorts) {
            ArrayNode requirements = scopes.putArray(hostPort + "/" + REPOSITORY);
            ObjectNode signedBy = requirements.addObject();
            signedBy.put("type", "signedBy");
            signedBy.put("keyType", "GPGKeys");
            signedBy.put("keyPath", key.toString());
            ObjectNode identity = signedBy.putObject("signedIdentity");
            identity.put("type", "remapIdentity");
            identity.put("prefix", hostPort + "/" + REPOSITORY);
            identity.put("signedPrefix", SIGNED_REPOSITORY);
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(policy);
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
