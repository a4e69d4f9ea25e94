package dev.vouch.cli.agreement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** vouch's decision: {@code vouch verify --policy P --output json IMAGE}, run in this JVM through {@link Main}. */
final class VouchVerify {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VouchVerify() {
    }

    /** A decision plus what vouch printed, which explains it. */
    record Outcome(Decision decision, String output) {

        /** The reasons of the requirements that rejected, from the JSON output (empty when there is none). */
        List<String> rejectionReasons() {
            List<String> reasons = new ArrayList<>();
            try {
                for (JsonNode image : JSON.readTree(output).path("images")) {
                    for (JsonNode requirement : image.path("requirements")) {
                        if (!requirement.path("accepted").asBoolean(true)) {
                            reasons.add(requirement.path("reason").asText());
                        }
                    }
                }
            } catch (IOException e) {
                return List.of();
            }
            return reasons;
        }
    }

    static Outcome decide(Path policy, String image) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(new String[] {"verify", "--policy", policy.toString(), "--output", "json", image},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String printed = out + err.toString();
        return switch (exitCode) {
            case 0 -> new Outcome(consistent(Decision.ACCEPTED, true, out.toString(), printed), printed);
            case 1 -> new Outcome(consistent(Decision.REJECTED, false, out.toString(), printed), printed);
            case 2 -> new Outcome(Decision.INVALID_POLICY, printed);
            default -> throw new AssertionError("vouch verify exited " + exitCode + ": " + printed);
        };
    }

    /** The exit code and the JSON document must tell the same decision. */
    private static Decision consistent(Decision decision, boolean accepted, String json, String printed)
            throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || root.path("accepted").asBoolean(!accepted) != accepted) {
            throw new AssertionError("vouch's exit code says " + decision + " but its JSON output does not: "
                    + printed);
        }
        return decision;
    }
}
