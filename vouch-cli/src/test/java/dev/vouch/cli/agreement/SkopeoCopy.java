package dev.vouch.cli.agreement;

import dev.vouch.testing.GpgHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference decision: {@code skopeo --policy P copy dir:SRC dir:DST} (skopeo 1.9.3, containers/image 5.23).
 * A copy that fails for any reason other than the policy (a crash, a missing blob) is not a decision and fails
 * the test with skopeo's own message.
 */
final class SkopeoCopy {
    static final String REJECTED_MARKER = "Source image rejected";
    static final String POLICY_ERROR_MARKER = "Error loading trust policy";

    private SkopeoCopy() {
    }

    /** A decision plus skopeo's error output, which explains it. */
    record Outcome(Decision decision, String stderr) {
    }

    static Outcome decide(Path policy, String image, Path scratch) throws IOException {
        Path destination = Files.createTempDirectory(scratch, "copy");
        List<String> command = List.of("skopeo", "--policy", policy.toString(), "copy", "--quiet",
                image, "dir:" + destination);
        GpgHome.Result result = GpgHome.Processes.run(command, Map.of(), null);
        return new Outcome(classify(result), result.stderr());
    }

    private static Decision classify(GpgHome.Result result) {
        if (result.exitCode() == 0) {
            return Decision.ACCEPTED;
        }
        if (result.stderr().contains(REJECTED_MARKER)) {
            return Decision.REJECTED;
        }
        if (result.stderr().contains(POLICY_ERROR_MARKER)) {
            return Decision.INVALID_POLICY;
        }
        throw new AssertionError("skopeo failed for a reason other than the policy (exit " + result.exitCode()
                + "), so it decided nothing: " + result.stderr());
    }
}
