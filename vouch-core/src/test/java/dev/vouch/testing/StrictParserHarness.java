package dev.vouch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A reusable test harness for strict parsers: one valid document, and many named ways to break it. Each broken
 * document must be rejected by the parser with a message that contains the expected JSON (or YAML) path and an
 * expected fragment. Documents are text, so any format works; the parser is any function that throws.
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; rejectsEveryBrokenDocument() {
 *     return StrictParserHarness.of(VALID, text -&gt; MyParser.parse(text))
 *             .replace("unknown field", "\"a\":", "\"b\":", "x.b", "unknown field")
 *             .tests();
 * }
 * </pre>
 */
public final class StrictParserHarness {

    /** The parser under test: must throw for a broken document. */
    @FunctionalInterface
    public interface Parser {
        void parse(String document) throws Exception;
    }

    /** One way of breaking the valid document, and what the rejection message must contain. */
    public record Mutation(String name, UnaryOperator<String> mutate, String expectedPath, String expectedFragment) {
        public Mutation {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mutate, "mutate");
            Objects.requireNonNull(expectedPath, "expectedPath");
            Objects.requireNonNull(expectedFragment, "expectedFragment");
        }
    }

    private final String valid;
    private final Parser parser;
    private final List<Mutation> mutations = new ArrayList<>();

    private StrictParserHarness(String valid, Parser parser) {
        this.valid = valid;
        this.parser = parser;
    }

    public static StrictParserHarness of(String validDocument, Parser parser) {
        return new StrictParserHarness(validDocument, parser);
    }

    /** Adds a mutation given as a function of the valid document. */
    public StrictParserHarness mutate(String name, UnaryOperator<String> mutate, String expectedPath,
                                      String expectedFragment) {
        mutations.add(new Mutation(name, mutate, expectedPath, expectedFragment));
        return this;
    }

    /** Adds a mutation replacing the single occurrence of {@code from} with {@code to}. */
    public StrictParserHarness replace(String name, String from, String to, String expectedPath,
                                       String expectedFragment) {
        return mutate(name, document -> replaceOnce(document, from, to), expectedPath, expectedFragment);
    }

    /** Adds a mutation that replaces the whole document. */
    public StrictParserHarness document(String name, String document, String expectedPath, String expectedFragment) {
        return mutate(name, ignored -> document, expectedPath, expectedFragment);
    }

    public int size() {
        return mutations.size();
    }

    /** One test that the valid document parses, then one per mutation. */
    public Stream<DynamicTest> tests() {
        Stream<DynamicTest> validTest = Stream.of(DynamicTest.dynamicTest("accepts the valid document",
                () -> assertThatCode(() -> parser.parse(valid)).doesNotThrowAnyException()));
        return Stream.concat(validTest, mutations.stream().map(this::test));
    }

    private DynamicTest test(Mutation mutation) {
        return DynamicTest.dynamicTest("rejects " + mutation.name(), () -> {
            String broken = mutation.mutate().apply(valid);
            assertThat(broken).as("mutation must change the document").isNotEqualTo(valid);
            try {
                parser.parse(broken);
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                assertThat(message).as("message names the path").contains(mutation.expectedPath());
                assertThat(message).as("message explains the problem").contains(mutation.expectedFragment());
                return;
            }
            fail("accepted a broken document (" + mutation.name() + "):\n" + broken);
        });
    }

    /** Replaces the single occurrence of {@code from}; fails the test if it occurs zero or several times. */
    public static String replaceOnce(String document, String from, String to) {
        int at = document.indexOf(from);
        if (at < 0 || document.indexOf(from, at + 1) >= 0) {
            throw new AssertionError("\"" + from + "\" must occur exactly once in the document");
        }
        return document.substring(0, at) + to + document.substring(at + from.length());
    }
}
