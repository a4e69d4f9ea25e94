package dev.vouch.metrics;

/** One named metric with its samples. */
interface Family {

    String name();

    String help();

    /** {@code counter} or {@code gauge}. */
    String type();

    void renderSamples(StringBuilder out);
}
