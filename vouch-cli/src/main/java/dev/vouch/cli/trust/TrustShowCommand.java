package dev.vouch.cli.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.edit.TrustEntry;
import dev.vouch.policy.edit.TrustShow;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.policy.json.PolicyParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vouch trust show}: the trust policy as a table, JSON, or the raw file. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show the trust policy: one line per requirement of each scope.")
public final class TrustShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--policy", "--policypath"}, paramLabel = "FILE",
            description = "policy.json (default: $HOME/.config/containers/policy.json, else /etc/containers/policy.json)")
    Path policyFile;

    @Option(names = {"-j", "--json"}, description = "output as JSON")
    boolean json;

    @Option(names = "--raw", description = "output the policy file as it is (after checking it)")
    boolean raw;

    @Option(names = {"-n", "--noheading"}, description = "do not print the column headings")
    boolean noHeading;

    @Override
    public Integer call() throws Exception {
        Path file = policyFile != null ? policyFile : PolicyFiles.defaultPath();
        Policy policy;
        try {
            policy = PolicyFiles.load(file);
        } catch (InvalidPolicyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (raw) {
            try {
                out.print(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UserInputException(file + ": cannot be read: " + e.getMessage());
            }
            out.flush();
            return ExitCode.OK;
        }
        List<TrustEntry> entries = TrustShow.entries(policy);
        if (json) {
            out.println(toJson(entries));
        } else {
            printTable(out, entries);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void printTable(PrintWriter out, List<TrustEntry> entries) {
        String format = "%-12s %-40s %-16s %s%n";
        if (!noHeading) {
            out.printf(format, "TRANSPORT", "NAME", "TYPE", "ID");
        }
        for (TrustEntry entry : entries) {
            String keys = entry.keys().isEmpty() ? "" : String.join(", ", entry.keys());
            out.printf(format, entry.transport(), entry.name(), entry.type(), keys);
        }
    }

    private static String toJson(List<TrustEntry> entries) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (TrustEntry entry : entries) {
            ObjectNode node = array.addObject();
            node.put("transport", entry.transport());
            node.put("name", entry.name());
            node.put("repo_name", entry.repoName());
            node.put("type", entry.type());
            ArrayNode keys = node.putArray("gpg_id");
            entry.keys().forEach(keys::add);
            node.put("sigstore_identity", entry.identity());
        }
        return mapper.writeValueAsString(array);
    }
}
