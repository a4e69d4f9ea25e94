package dev.vouch.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count, one series per combination of label values. Label values come from
 * configuration and decisions (stream, tag, outcome), never from secrets.
 */
public final class Counter implements Family {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> series = new ConcurrentSkipListMap<>(Counter::compare);

    Counter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    /** Adds one to the series of {@code labelValues}, given in the order of the label names. */
    public void inc(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes " + labelNames.size() + " label values, got "
                    + labelValues.length);
        }
        series.computeIfAbsent(List.of(labelValues), key -> new LongAdder()).increment();
    }

    /** The current count of {@code labelValues}' series (0 if never incremented). */
    public long value(String... labelValues) {
        LongAdder adder = series.get(List.of(labelValues));
        return adder == null ? 0 : adder.sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void renderSamples(StringBuilder out) {
        if (labelNames.isEmpty() && series.isEmpty()) {
            out.append(name).append(" 0\n");
            return;
        }
        series.forEach((values, count) -> {
            out.append(name);
            if (!labelNames.isEmpty()) {
                out.append('{');
                for (int i = 0; i < labelNames.size(); i++) {
                    out.append(i == 0 ? "" : ",").append(labelNames.get(i)).append('=')
                            .append(SampleValues.quoteLabel(values.get(i)));
                }
                out.append('}');
            }
            out.append(' ').append(count.sum()).append('\n');
        });
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
