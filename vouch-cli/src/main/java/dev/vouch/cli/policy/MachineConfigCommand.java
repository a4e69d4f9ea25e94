package dev.vouch.cli.policy;

import dev.vouch.cli.ExitCode;
import dev.vouch.cli.LocalFiles;
import dev.vouch.cli.UserInputException;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.registriesd.InvalidRegistriesConfigurationException;
import dev.vouch.registriesd.RegistriesDirectory;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vouch policy machineconfig}: a MachineConfig that installs this policy.json (and registries.d) on OKD or
 * OpenShift nodes of one role, for {@code oc apply -f -}. The files are checked strictly first, so an invalid policy
 * never reaches a node.
 */
@Command(name = "machineconfig", mixinStandardHelpOptions = true,
        description = {"Print a MachineConfig that puts this policy.json and registries.d onto the nodes of a role",
                "(/etc/containers/policy.json, /etc/containers/registries.d/*.yaml), for 'oc apply -f -'.",
                "The files are validated first; an invalid one is refused (exit 2). Key files the policy names",
                "(keyPath...) are not carried: they are listed on stderr; embed keys with keyData to ship them."})
public final class MachineConfigCommand implements Callable<Integer> {
    private static final int FILE_MODE_0644 = 420;

    /** Node roles. */
    public enum Role { worker, master }

    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "worker or master")
    Role role;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "policy.json (default: $HOME/.config/containers/policy.json, else /etc/containers/policy.json)")
    Path policy;

    @Option(names = "--registries.d", paramLabel = "DIR", description = "registries.d directory to include (optional)")
    Path registriesDirectory;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the MachineConfig's name (default: 51-ROLE-vouch-image-policy)")
    String name;

    @Override
    public Integer call() {
        Path policyFile = policy != null ? policy : PolicyFiles.defaultPath();
        byte[] policyBytes = LocalFiles.read(policyFile, PolicyParser.MAX_POLICY_BYTES, "policy");
        try {
            PolicyParser.parse(policyBytes);
        } catch (InvalidPolicyException e) {
            throw new UserInputException(policyFile + ": " + e.getMessage());
        }
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(file("/etc/containers/policy.json", policyBytes));
        if (registriesDirectory != null) {
            try {
                RegistriesDirectory.load(registriesDirectory, SourceContext.defaults());
            } catch (InvalidRegistriesConfigurationException e) {
                throw new UserInputException(e.getMessage());
            }
            for (Path yaml : yamlFiles(registriesDirectory)) {
                files.add(file("/etc/containers/registries.d/" + yaml.getFileName(),
                        LocalFiles.read(yaml, RegistriesDirectory.MAX_FILE_BYTES, "registries.d file")));
            }
        }
        List<String> referenced = referencedFiles(policyBytes);
        if (!referenced.isEmpty()) {
            spec.commandLine().getErr().println("vouch: note: the policy names files that must exist on the nodes"
                    + " (this MachineConfig does not carry them; relative paths follow the working directory of the"
                    + " process that reads the policy): " + String.join(", ", referenced));
        }
        spec.commandLine().getOut().print(render(files));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private String render(List<Map<String, Object>> files) {
        Map<String, Object> labels = Map.of("machineconfiguration.openshift.io/role", role.name());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name != null ? name : "51-" + role.name() + "-vouch-image-policy");
        metadata.put("labels", labels);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ignition", Map.of("version", "3.2.0"));
        config.put("storage", Map.of("files", files));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", "machineconfiguration.openshift.io/v1");
        document.put("kind", "MachineConfig");
        document.put("metadata", metadata);
        document.put("spec", Map.of("config", config));
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(document);
    }

    /** Every string under a member named {@code ...Path} or {@code ...Paths}: key, CA and Rekor key files. */
    private static List<String> referencedFiles(byte[] policyBytes) {
        List<String> found = new ArrayList<>();
        try {
            collect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(policyBytes), found);
        } catch (IOException e) {
            // already validated by the strict parser; nothing to report
        }
        return found.stream().distinct().toList();
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(member -> {
                boolean pathMember = member.getKey().endsWith("Path") || member.getKey().endsWith("Paths");
                if (pathMember && member.getValue().isTextual()) {
                    found.add(member.getValue().asText());
                } else if (pathMember && member.getValue().isArray()) {
                    member.getValue().forEach(p -> found.add(p.asText()));
                } else {
                    collect(member.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, found));
        }
    }

    private static Map<String, Object> file(String path, byte[] content) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("path", path);
        file.put("mode", FILE_MODE_0644);
        file.put("overwrite", true);
        file.put("contents", Map.of("source",
                "data:text/plain;charset=utf-8;base64," + Base64.getEncoder().encodeToString(content)));
        return file;
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UserInputException(directory + ": cannot be listed: " + e.getMessage());
        }
    }

}
