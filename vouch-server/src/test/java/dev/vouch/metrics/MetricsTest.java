package dev.vouch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rendersCountersAndGaugesInTheTextFormat() {
        Metrics metrics = new Metrics();
        Counter imports = metrics.counter("vouch_imports_total", "Imports by outcome.", "stream", "outcome");
        Counter errors = metrics.counter("vouch_errors_total", "Errors.");
        metrics.gauge("vouch_followed_tags", "Tags followed.", () -> 3);
        imports.inc("web", "accepted");
        imports.inc("web", "accepted");
        imports.inc("api\"x\\y\nz", "rejected");

        assertThat(metrics.render()).isEqualTo("""
                # HELP vouch_imports_total Imports by outcome.
                # TYPE vouch_imports_total counter
                vouch_imports_total{stream="api\\"x\\\\y\\nz",outcome="rejected"} 1
                vouch_imports_total{stream="web",outcome="accepted"} 2
                # HELP vouch_errors_total Errors.
                # TYPE vouch_errors_total counter
                vouch_errors_total 0
                # HELP vouch_followed_tags Tags followed.
                # TYPE vouch_followed_tags gauge
                vouch_followed_tags 3
                """);
        assertThat(imports.value("web", "accepted")).isEqualTo(2);
        assertThat(errors.value()).isZero();
    }

    @Test
    void rejectsWrongLabelCountsAndDuplicateOrInvalidNames() {
        Metrics metrics = new Metrics();
        Counter counter = metrics.counter("a_total", "A.", "x");
        assertThatThrownBy(() -> counter.inc()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("a_total", "again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> metrics.counter("9bad", "B.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("b_total", "B.", "__reserved"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesNonIntegralAndSpecialGaugeValues() {
        Metrics metrics = new Metrics();
        metrics.gauge("g1", "G1.", () -> 0.25);
        metrics.gauge("g2", "G2.", () -> Double.NaN);
        metrics.gauge("g3", "G3.", () -> Double.POSITIVE_INFINITY);
        assertThat(metrics.render()).contains("g1 0.25\n", "g2 NaN\n", "g3 +Inf\n");
    }
}
