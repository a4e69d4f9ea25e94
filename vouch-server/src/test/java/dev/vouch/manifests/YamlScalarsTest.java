package dev.vouch.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class YamlScalarsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            quay.io/team/app@sha256:0123456789abcdef | quay.io/team/app@sha256:0123456789abcdef
            busybox                                  | "busybox"
            1.5                                      | "1.5"
            true                                     | "true"
            null                                     | "null"
            1:20                                     | "1:20"
            a/b #c                                   | "a/b #c"
            -a/b                                     | "-a/b"
            a/b:                                     | "a/b:"
            `a/"b"\\`                                | "a/\\"b\\"\\\\"
            """)
    void writesPlainOnlyWhatCannotBeReadAsAnythingElse(String value, String expected) {
        assertThat(YamlScalars.plainOrDoubleQuoted(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"quay.io/a:1", "it's", "a\"b\\c", "tab\there", "line\nbreak", "del\u007f", "nel\u0085",
        "bom\ufeff", "<&>", "\u2028", "caf\u00e9 \ud83d\ude00", "", " lead", "trail ", "#x", "[a]", "{a: b}", "*x",
        "&x", "!x", "%x", "@x", "`x", "|", ">", "~", "yes", "0x1f", "1e3", ".inf", "2001-12-14"})
    void everyStyleReadsBackAsTheSameStringInBlockAndFlowContext(String value) {
        Load load = new Load(LoadSettings.builder().build());
        for (String rendered : List.of(YamlScalars.plainOrDoubleQuoted(value), YamlScalars.singleQuoted(value),
                YamlScalars.doubleQuoted(value))) {
            assertThat(load.loadFromString("k: " + rendered + "\n")).as(rendered).isEqualTo(java.util.Map.of("k", value));
            assertThat(load.loadFromString("{k: " + rendered + ", j: 1}")).as(rendered)
                    .isEqualTo(java.util.Map.of("k", value, "j", 1));
        }
    }
}
