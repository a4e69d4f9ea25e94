package dev.vouch.cli.triggers;

import dev.vouch.cli.ClusterOptions;
import dev.vouch.cli.ExitCode;
import dev.vouch.cli.UserInputException;
import dev.vouch.cli.triggers.TriggerRequest.RequestException;
import dev.vouch.kubetarget.TriggerAnnotationEditor;
import dev.vouch.kubetarget.TriggerAnnotationEditor.KubeEditException;
import dev.vouch.manifests.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code vouch set triggers KIND/NAME...} without {@code -f}: the same request on workloads in the cluster, through
 * {@link TriggerAnnotationEditor} (a patch of the annotation alone, conditional on the version read). Every named
 * workload is read and the request checked against it first; one that is missing or refuses the request stops the
 * command before anything is written. Each workload is then patched on its own (the API has no transaction over
 * several objects), the change computed again on a fresh read.
 */
final class ClusterTriggers {
    private final CommandLine commandLine;
    private final ClusterOptions options;

    ClusterTriggers(CommandLine commandLine, ClusterOptions options) {
        this.commandLine = commandLine;
        this.options = options;
    }

    int run(Set<Selector> wanted, Optional<TriggerRequest> request) {
        if (wanted.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "KIND/NAME: name the workloads to work on in the"
                    + " cluster, or give -f/--filename for manifest files");
        }
        try (ClusterOptions.Cluster cluster = options.connect()) {
            TriggerAnnotationEditor editor = new TriggerAnnotationEditor(cluster.client());
            List<Workload> workloads = new ArrayList<>();
            for (Selector selector : wanted) {
                Workload workload = read(editor, selector, cluster.namespace());
                if (request.isPresent()) {
                    check(request.get(), workload);
                }
                workloads.add(workload);
            }
            PrintWriter out = commandLine.getOut();
            if (request.isEmpty()) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NAMESPACE", "NAME", "TYPE", "VALUE", "AUTO"});
                workloads.forEach(workload -> SetTriggersCommand.addRows(rows, workload.id().namespace(), workload));
                SetTriggersCommand.printTable(out, rows);
                return ExitCode.OK;
            }
            for (Workload workload : workloads) {
                TriggerAnnotationEditor.Outcome outcome = edit(editor, request.get(), workload);
                out.println(workload.id() + ": triggers " + (outcome.changed() ? "updated" : "not changed"));
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    private static Workload read(TriggerAnnotationEditor editor, Selector selector, String namespace) {
        try {
            return editor.read(selector.kind(), namespace, selector.name());
        } catch (KubeEditException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private static void check(TriggerRequest request, Workload workload) {
        try {
            request.apply(workload);
        } catch (RequestException e) {
            throw new UserInputException(workload.id() + ": " + e.getMessage() + "; nothing was written", e);
        }
    }

    private static TriggerAnnotationEditor.Outcome edit(TriggerAnnotationEditor editor, TriggerRequest request,
                                                        Workload workload) {
        try {
            return editor.edit(workload.id().kind(), workload.id().namespace(), workload.id().name(), request::apply);
        } catch (RequestException e) {
            throw new UserInputException(workload.id() + ": " + e.getMessage() + " (changed meanwhile); not written",
                    e);
        } catch (KubeEditException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
