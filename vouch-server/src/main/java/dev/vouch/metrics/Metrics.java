package dev.vouch.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The metrics of one {@code vouch serve} process, rendered in the Prometheus text exposition format (version 0.0.4)
 * for {@code GET /metrics}. Counters and gauges only: what vouch reports are counts of decisions, imports, rollouts
 * and errors, and current sizes. Names are registered once; registering a name twice is a programming error.
 */
public final class Metrics {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final List<Family> order = new ArrayList<>();

    /** A counter family with the given label names (none for a plain counter). */
    public Counter counter(String name, String help, String... labelNames) {
        Counter counter = new Counter(name, help, List.of(checkLabels(labelNames)));
        register(counter);
        return counter;
    }

    /** A gauge whose value is read from {@code value} at each scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        register(new Gauge(name, help, value));
    }

    /** The exposition text of every metric, in registration order. */
    public String render() {
        StringBuilder out = new StringBuilder();
        List<Family> snapshot;
        synchronized (order) {
            snapshot = List.copyOf(order);
        }
        for (Family family : snapshot) {
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            family.renderSamples(out);
        }
        return out.toString();
    }

    private void register(Family family) {
        if (!NAME.matcher(family.name()).matches()) {
            throw new IllegalArgumentException("invalid metric name " + family.name());
        }
        if (families.putIfAbsent(family.name(), family) != null) {
            throw new IllegalStateException("metric " + family.name() + " registered twice");
        }
        synchronized (order) {
            order.add(family);
        }
    }

    private static String[] checkLabels(String[] labelNames) {
        for (String label : labelNames) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name " + label);
            }
        }
        return labelNames.clone();
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
