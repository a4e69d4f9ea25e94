package dev.vouch.cli.triggers;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.cli.triggers.TriggerRequest.Mode;
import dev.vouch.cli.triggers.TriggerRequest.RequestException;
import dev.vouch.io.AtomicFiles;
import dev.vouch.manifests.InvalidManifestException;
import dev.vouch.manifests.ManifestEditException;
import dev.vouch.manifests.ManifestEditor;
import dev.vouch.manifests.ManifestFile;
import dev.vouch.manifests.ManifestFiles;
import dev.vouch.manifests.ManifestProblem;
import dev.vouch.manifests.Workload;
import dev.vouch.trigger.DockerImageSource;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.InvalidTriggerException;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vouch set triggers}: writes the {@code image.openshift.io/triggers} annotation into manifest files (with
 * {@code -f}), or into workloads in the cluster (without {@code -f}: see {@link ClusterTriggers}), with the meaning of
 * {@code oc set triggers}. Every file is read and every change computed before anything is written; a
 * file that cannot be read, a malformed annotation in the way, or a change that does not fit a workload stops the
 * command with nothing written. Each changed file is then replaced atomically.
 */
@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = {"Set or remove the image triggers of the Deployments, StatefulSets, DaemonSets and CronJobs in "
                + "manifest files (the meaning of 'oc set triggers'). Without --from-*, --auto, --manual, --remove or "
                + "--remove-all it lists the triggers.",
                "Without -f it works on the named workloads (KIND/NAME) in the cluster of the kubeconfig: the annotation"
                        + " alone is patched, only if the workload did not change since it was read (read again and"
                        + " retried otherwise).",
                "Exit codes: 0 done, 2 invalid input (nothing written)."})
public final class SetTriggersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR",
            description = "a manifest file, or a directory of *.yaml and *.yml files; repeat for several (without -f:"
                    + " the cluster)")
    List<Path> files = new ArrayList<>();

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-R", "--recursive"}, description = "search the directories given with -f recursively")
    boolean recursive;

    @Parameters(paramLabel = "KIND/NAME", arity = "0..*",
            description = "only these workloads, e.g. deployment/web, sts/db, cronjob/report (default: all)")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--from-image", paramLabel = "[NAMESPACE/]STREAM:TAG",
            description = "an image stream tag to trigger from (kind ImageStreamTag)")
    String fromImage;

    @Option(names = "--from-docker-image", paramLabel = "[HOST/]REPOSITORY:TAG",
            description = "a registry tag to trigger from directly (kind DockerImage)")
    String fromDockerImage;

    @Option(names = {"-c", "--containers"}, paramLabel = "NAME", split = ",",
            description = "the containers (or init containers) the trigger sets; required with --from-*")
    List<String> containers = new ArrayList<>();

    @Option(names = "--auto", description = "make the trigger automatic (the default), or all triggers without --from-*")
    boolean auto;

    @Option(names = "--manual", description = "pause the trigger, or all triggers without --from-*")
    boolean manual;

    @Option(names = "--remove", description = "remove the triggers from the --from-* source (of --containers only, if given)")
    boolean remove;

    @Option(names = "--remove-all", description = "remove all triggers")
    boolean removeAll;

    @Override
    public Integer call() {
        Optional<TriggerRequest> request = request();
        Set<Selector> wanted = new LinkedHashSet<>();
        for (String selector : selectors) {
            wanted.add(Selector.parse(spec.commandLine(), selector));
        }
        if (files.isEmpty()) {
            return new ClusterTriggers(spec.commandLine(), cluster).run(wanted, request);
        }
        cluster.given().ifPresent(flag -> {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + ": works on the cluster; -f works on"
                    + " files: give one or the other");
        });
        List<ManifestFile> manifests = read();
        Map<ManifestFile, List<Workload>> selected = new LinkedHashMap<>();
        Set<Selector> matched = new LinkedHashSet<>();
        for (ManifestFile file : manifests) {
            for (Workload workload : file.workloads()) {
                Optional<Selector> match = wanted.stream().filter(s -> s.matches(workload)).findFirst();
                if (wanted.isEmpty() || match.isPresent()) {
                    match.ifPresent(matched::add);
                    selected.computeIfAbsent(file, f -> new ArrayList<>()).add(workload);
                }
            }
        }
        for (Selector selector : wanted) {
            if (!matched.contains(selector)) {
                throw new UserInputException(selector + ": not found in " + describeFiles());
            }
        }
        if (selected.isEmpty()) {
            throw new UserInputException(describeFiles() + ": no Deployment, StatefulSet, DaemonSet or CronJob found");
        }
        if (request.isEmpty()) {
            return list(manifests, selected);
        }
        return change(request.get(), selected);
    }

    private Optional<TriggerRequest> request() {
        CommandLine commandLine = spec.commandLine();
        boolean from = fromImage != null || fromDockerImage != null;
        if (auto && manual) {
            throw new CommandLine.ParameterException(commandLine, "you must specify at most one of --auto or --manual");
        }
        if (remove && removeAll) {
            throw new CommandLine.ParameterException(commandLine, "you must specify either --remove or --remove-all");
        }
        if (removeAll && (from || auto || manual || !containers.isEmpty())) {
            throw new CommandLine.ParameterException(commandLine, "--remove-all may not be used with any other flag");
        }
        if (fromImage != null && fromDockerImage != null) {
            throw new CommandLine.ParameterException(commandLine, "you may only set one trigger type at a time");
        }
        if (remove && !from) {
            throw new CommandLine.ParameterException(commandLine,
                    "--remove requires --from-image or --from-docker-image");
        }
        if (!containers.isEmpty() && !from) {
            throw new CommandLine.ParameterException(commandLine,
                    "--containers requires --from-image or --from-docker-image");
        }
        if (from && !remove && containers.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine,
                    "you must specify --containers when setting --from-image");
        }
        if (removeAll) {
            return Optional.of(new TriggerRequest(Mode.REMOVE_ALL, Optional.empty(), List.of(), false));
        }
        if (!from) {
            return auto || manual ? Optional.of(new TriggerRequest(Mode.RESET, Optional.empty(), List.of(), manual))
                    : Optional.empty();
        }
        for (String container : containers) {
            if (container.isEmpty()) {
                throw new CommandLine.ParameterException(commandLine, "--containers: empty container name");
            }
        }
        TriggerSource source = fromImage != null ? imageStreamTag(commandLine, fromImage)
                : dockerImage(commandLine, fromDockerImage);
        return Optional.of(new TriggerRequest(remove ? Mode.REMOVE : Mode.SET, Optional.of(source),
                List.copyOf(new LinkedHashSet<>(containers)), manual));
    }

    /** {@code [NAMESPACE/]STREAM:TAG}, refused with oc's messages when it names a registry or lacks a tag. */
    static ImageStreamTagSource imageStreamTag(CommandLine commandLine, String value) {
        String[] parts = value.split("/", -1);
        String first = parts[0];
        boolean registry = parts.length > 2 || parts.length == 2 && (first.contains(".") || first.contains(":")
                || first.equals("localhost"));
        if (registry || value.contains("@")) {
            throw new CommandLine.ParameterException(commandLine,
                    "the value of --from-image must point to an image stream tag (use --from-docker-image for a "
                            + "registry)");
        }
        String name = parts[parts.length - 1];
        if (!name.contains(":")) {
            throw new CommandLine.ParameterException(commandLine,
                    "the value of --from-image must include the tag you wish to pull from");
        }
        try {
            return ImageStreamTagSource.parse(name, parts.length == 2 ? Optional.of(first) : Optional.empty());
        } catch (InvalidTriggerException e) {
            throw new CommandLine.ParameterException(commandLine, "--from-image: " + e.getMessage());
        }
    }

    private static DockerImageSource dockerImage(CommandLine commandLine, String value) {
        try {
            return DockerImageSource.parse(value);
        } catch (InvalidTriggerException e) {
            throw new CommandLine.ParameterException(commandLine, "--from-docker-image: " + e.getMessage());
        }
    }

    private List<ManifestFile> read() {
        Set<Path> paths = new LinkedHashSet<>();
        PrintWriter err = spec.commandLine().getErr();
        for (Path given : files) {
            try {
                ManifestFiles.Found found = ManifestFiles.find(given, recursive);
                paths.addAll(found.files());
                found.skippedLinks().forEach(link -> err.println("vouch: " + link
                        + ": skipped, the symbolic link leads outside " + given));
            } catch (IOException e) {
                throw new UserInputException(given + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file or directory" : e.getMessage()), e);
            }
        }
        List<ManifestFile> manifests = new ArrayList<>();
        for (Path path : paths) {
            try {
                manifests.add(ManifestFile.parse(path.toString(), Files.readAllBytes(path)));
            } catch (InvalidManifestException e) {
                throw new UserInputException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UserInputException(path + ": cannot read: " + e.getMessage(), e);
            }
        }
        return manifests;
    }

    private int list(List<ManifestFile> manifests, Map<ManifestFile, List<Workload>> selected) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FILE", "NAME", "TYPE", "VALUE", "AUTO"});
        selected.forEach((file, workloads) -> workloads.forEach(workload -> addRows(rows, file.source(), workload)));
        printTable(spec.commandLine().getOut(), rows);
        List<ManifestProblem> problems = new ArrayList<>();
        manifests.forEach(file -> problems.addAll(file.problems()));
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(problem -> err.println("vouch: " + problem));
        err.flush();
        return problems.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    /** One row per trigger of {@code workload} (or one for a malformed annotation), under {@code where}. */
    static void addRows(List<String[]> rows, String where, Workload workload) {
        String name = workload.id().kind().resourceName() + "/" + workload.id().name();
        if (workload.triggerError().isPresent()) {
            rows.add(new String[] {where, name, "<error>", "", "false"});
        }
        for (Trigger trigger : workload.triggers()) {
            String container = workload.container(trigger.fieldPath()).map(c -> c.name())
                    .orElse("<no such container>");
            String type = trigger.from() instanceof DockerImageSource ? "docker-image" : "image";
            rows.add(new String[] {where, name, type, trigger.from() + " (" + container + ")",
                    Boolean.toString(!trigger.paused())});
        }
    }

    /** The rows as columns, the first row being the header. */
    static void printTable(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> Arrays.setAll(widths, i -> Math.max(widths[i], row[i].length())));
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i < row.length - 1 ? String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i])
                        : row[i]);
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private int change(TriggerRequest request, Map<ManifestFile, List<Workload>> selected) {
        Map<Path, byte[]> writes = new LinkedHashMap<>();
        List<String> report = new ArrayList<>();
        for (Map.Entry<ManifestFile, List<Workload>> entry : selected.entrySet()) {
            ManifestFile file = entry.getKey();
            ManifestEditor editor = new ManifestEditor(file);
            for (Workload workload : entry.getValue()) {
                String at = file.source() + ":" + workload.line() + ": " + workload.id();
                try {
                    List<Trigger> triggers = request.apply(workload);
                    editor.setTriggers(workload.id(), triggers);
                    boolean same = triggers.isEmpty() ? !workload.annotated()
                            : workload.triggerError().isEmpty() && triggers.equals(workload.triggers());
                    report.add(file.source() + ": " + workload.id() + ": triggers " + (same ? "not changed" : "updated"));
                } catch (RequestException e) {
                    throw new UserInputException(at + ": " + e.getMessage() + "; nothing was written", e);
                } catch (ManifestEditException e) {
                    throw new UserInputException(e.getMessage() + "; nothing was written", e);
                }
            }
            if (editor.changed()) {
                try {
                    writes.put(Path.of(file.source()), editor.apply());
                } catch (ManifestEditException e) {
                    throw new UserInputException(e.getMessage() + "; nothing was written", e);
                }
            }
        }
        for (Map.Entry<Path, byte[]> write : writes.entrySet()) {
            try {
                AtomicFiles.replace(write.getKey(), write.getValue(), Files.getPosixFilePermissions(write.getKey()));
            } catch (IOException e) {
                throw new UserInputException(write.getKey() + ": cannot write: " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        report.forEach(out::println);
        out.flush();
        return ExitCode.OK;
    }

    private String describeFiles() {
        return String.join(", ", files.stream().map(Path::toString).toList());
    }
}
