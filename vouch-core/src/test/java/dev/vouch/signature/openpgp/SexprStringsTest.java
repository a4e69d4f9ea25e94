package dev.vouch.signature.openpgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SexprStringsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
        "(sha1 #41583BE3CE8844DD# \"1015808\")~(sha1 #41583BE3CE8844DD# \"1015808\")",
        "(protected-at \"20261126T205903\")~(protected-at \"20261126T205903\")",
        "(sha1 \"Q\u00e9d\u00ff\" \"1015808\")~(sha1 #51E964FF# \"1015808\")",
        "(x \"a\\nb\\\"c\\\\\u00e9\")~(x #610A6222635CE9#)",
        "(x \"\\x41\\101\u00e9\")~(x #4141E9#)",
        "(q |QUJD|)~(q |QUJD|)",
    })
    void rewritesOnlyBinaryQuotedStrings(String input, String expected) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(new String(SexprStrings.binaryStringsAsHex(bytes), StandardCharsets.ISO_8859_1))
                .isEqualTo(expected);
    }
}
