package dev.vouch.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which entries of an OpenShift signature list count, and which lists are refused, as Go's decoder decides. */
class ExtensionSignatureListTest {
    static List<UntrustedSignature> decode(String json) throws IOException {
        return ExtensionSignatureList.decode(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1} signatures")
    @CsvSource(delimiter = '|', value = {
        "{'signatures':[{'schemaVersion':2,'type':'atomic','name':'d@1','content':'AQI='}]}                | 1",
        "{'signatures':[{'schemaVersion':1,'type':'atomic','content':'AQI='}]}                             | 0",
        "{'signatures':[{'schemaVersion':2,'type':'cosign','content':'AQI='}]}                             | 0",
        "{'signatures':[{'schemaVersion':2,'type':'Atomic','content':'AQI='}]}                             | 0",
        "{'signatures':[{'SCHEMAVERSION':2,'TYPE':'atomic','Content':'AQI='}]}                       | 1",
        "{'signatures':[{'SchemaVERSION':2,'TYPE':'atomic','Content':'AQI='}]}                       | 1",
        "{'signatures':[{'version':2,'type':'atomic','content':'AQI='}]}                             | 0",
        "{'signatures':[{'schemaVersion':2,'type':'atomic','content':'AQI=','extra':[1]}],'other':true}    | 1",
        "{'signatures':[{'schemaVersion':2,'type':'atomic','content':'AQI='},{'schemaVersion':2,'type':'atomic','content':'AwQ='}]} | 2",
        "{'signatures':[]}                                                                            | 0",
        "{'signatures':null}                                                                          | 0",
        "{}                                                                                           | 0",
        "null                                                                                         | 0",
    })
    void keepsOnlyVersionTwoAtomicEntries(String json, int expected) throws IOException {
        assertThat(decode(json)).hasSize(expected).allSatisfy(s -> assertThat(s)
                .isInstanceOf(UntrustedSimpleSignature.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'signatures':[{'schemaVersion':",
        "[]",
        "{'signatures':{}}",
        "{'signatures':[{'schemaVersion':'2','type':'atomic','content':'AQI='}]}",
        "{'signatures':[{'schemaVersion':2.5,'type':'atomic','content':'AQI='}]}",
        "{'signatures':[{'schemaVersion':2,'type':7,'content':'AQI='}]}",
        "{'signatures':[{'schemaVersion':2,'type':'atomic','content':'not base64!'}]}",
        "{'signatures':[{'schemaVersion':2,'type':'atomic','name':3,'content':'AQI='}]}",
        "{'signatures':[7]}",
    })
    void refusesTheWholeListWhenAnyMemberHasTheWrongType(String json) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("decoding signature list: ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AQI=", "AQ\\nI=\\r\\n"})
    void decodesTheBase64ContentIgnoringLineBreaks(String content) throws IOException {
        UntrustedSimpleSignature signature = (UntrustedSimpleSignature) decode("{'signatures':[{'schemaVersion':2,"
                + "'type':'atomic','content':'" + content + "'}]}").get(0);
        assertThat(signature.untrustedOpenPgpMessage()).containsExactly(1, 2);
    }
}
