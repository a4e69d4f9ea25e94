package dev.vouch.metrics;

import java.util.function.DoubleSupplier;

/** A value read when scraped (queue lengths, followed tags, seconds since the last successful poll). */
record Gauge(String name, String help, DoubleSupplier value) implements Family {

    @Override
    public String type() {
        return "gauge";
    }

    @Override
    public void renderSamples(StringBuilder out) {
        out.append(name).append(' ').append(SampleValues.format(value.getAsDouble())).append('\n');
    }
}
