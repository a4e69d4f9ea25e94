package dev.vouch.testing.registry;

import dev.vouch.testing.GpgHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the reference, skopeo 1.9.3, in an isolated environment (its own HOME and XDG_RUNTIME_DIR). */
public final class Skopeo {
    public static final String BINARY = "/usr/bin/skopeo";

    /** The reference's decision on an image. */
    public enum Decision { ACCEPTED, REJECTED, ERROR }

    /** A decision and skopeo's error output, which explains it. */
    public record Outcome(Decision decision, String stderr) {
    }

    private final Map<String, String> environment;

    public Skopeo(Path home, Map<String, String> extraEnvironment) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(extraEnvironment);
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        this.environment = Map.copyOf(env);
    }

    /** skopeo with a new home {@code work/home} (and its {@code run} directory), no extra environment. */
    public static Skopeo inNewHome(Path work) throws java.io.IOException {
        Path home = java.nio.file.Files.createDirectories(work.resolve("home"));
        java.nio.file.Files.createDirectories(home.resolve("run"));
        return new Skopeo(home, Map.of());
    }

    /** Runs {@code skopeo ARGS}; fails the test if it fails. */
    public GpgHome.Result runChecked(List<String> args) {
        GpgHome.Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("skopeo " + args + " failed (" + result.exitCode() + "): " + result.stderr());
        }
        return result;
    }

    public GpgHome.Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(BINARY));
        command.addAll(args);
        return GpgHome.Processes.run(command, environment, null);
    }

    /** {@code skopeo --policy P --registries.d D copy SRC_OPTIONS IMAGE dir:DEST}. */
    public Outcome decide(Path policy, Path registriesDirectory, String image, List<String> sourceOptions,
                          Path destination) {
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "--registries.d",
                registriesDirectory.toString(), "copy", "--quiet"));
        args.addAll(sourceOptions);
        args.add(image);
        args.add("dir:" + destination);
        GpgHome.Result result = run(args);
        Decision decision;
        if (result.exitCode() == 0) {
            decision = Decision.ACCEPTED;
        } else if (result.stderr().contains("Source image rejected")) {
            decision = Decision.REJECTED;
        } else {
            decision = Decision.ERROR;
        }
        return new Outcome(decision, result.stderr());
    }
}
