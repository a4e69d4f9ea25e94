package dev.vouch.policy.json;

import static dev.vouch.testing.StrictParserHarness.replaceOnce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.testing.StrictParserHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every way of breaking a policy that uses every field must reject the whole file, naming the JSON path. */
class PolicyParserMutationTest {
    static final String VALID = resource("/policy/all-types.json");
    private static final String D = "transports.docker";
    private static final String QX = D + "[\"quay.io/x\"][0]";
    private static final String QD = D + "[\"quay.io/data\"][0]";
    private static final String EX = D + "[\"*.example.com\"][0]";
    private static final String LH = D + "[\"localhost:5000\"][0]";
    private static final String DATAS = D + "[\"localhost:5000/datas\"][0]";
    private static final String DATA = D + "[\"localhost:5000/data\"][0]";
    private static final String FULCIO = D + "[\"registry.fulcio.test\"][0]";
    private static final String PKI = D + "[\"registry.pki.test\"][0]";
    private static final String BASE = D + "[\"registry.base.test\"][0]";
    private static final String STORAGE_SCOPE =
            "\"[overlay@/var/lib/containers/storage+/run/containers/storage:overlay.mountopt=nodev]\"";

    static String resource(String name) {
        try (InputStream in = PolicyParserMutationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static StrictParserHarness harness() {
        return StrictParserHarness.of(VALID, PolicyParser::parse)
                // Document level
                .document("an empty document", "", "", "empty")
                .document("whitespace only", "  \n", "", "empty")
                .document("a JSON array", "[]", "", "expected a JSON object, got an array")
                .document("a JSON string", "\"x\"", "", "expected a JSON object, got a string")
                .document("null", "null", "", "expected a JSON object, got null")
                .document("a syntax error", "{\"default\": [", "", "invalid JSON")
                .mutate("trailing content", doc -> doc + "{}", "", "unexpected content after the JSON value")
                .mutate("trailing garbage", doc -> doc + "x", "", "unexpected content after the JSON value")
                .document("a missing default", "{\"transports\": {}}", "default", "missing mandatory field \"default\"")
                .replace("an unknown top-level field", "\"transports\": {", "\"Transports\": {}, \"transports\": {",
                        "Transports", "unknown field \"Transports\"")
                .replace("a duplicate default", "\"default\": [{\"type\": \"reject\"}],",
                        "\"default\": [{\"type\": \"reject\"}], \"default\": [{\"type\": \"reject\"}],", "default",
                        "duplicate field \"default\"")
                .replace("an empty default", "\"default\": [{\"type\": \"reject\"}]", "\"default\": []", "default",
                        "must not be empty")
                .replace("a null default", "\"default\": [{\"type\": \"reject\"}]", "\"default\": null", "default",
                        "got null")
                .replace("an object as default", "\"default\": [{\"type\": \"reject\"}]",
                        "\"default\": {\"type\": \"reject\"}", "default", "expected a non-empty array")
                .replace("a string in default", "\"default\": [{\"type\": \"reject\"}]", "\"default\": [\"reject\"]",
                        "default[0]", "expected a JSON object, got a string")
                // Transports and scopes
                .document("null transports", "{\"default\": [{\"type\": \"reject\"}], \"transports\": null}",
                        "transports", "got null")
                .mutate("transports as an array", doc -> "{\"default\": [{\"type\": \"reject\"}], \"transports\": []}",
                        "transports", "expected a JSON object, got an array")
                .replace("null scopes of a transport", "\"dir\": {\n            \"/srv/images\": [{\"type\": \"insecureAcceptAnything\"}]\n        }",
                        "\"dir\": null", "transports.dir", "got null")
                .replace("a duplicate transport", "\"dir\": {", "\"dir\": {}, \"dir\": {", "transports.dir",
                        "duplicate field \"dir\"")
                .replace("a duplicate scope", "\"quay.io/paths\": [", "\"quay.io/x\": [{\"type\": \"reject\"}], \"quay.io/paths\": [",
                        D + "[\"quay.io/x\"]", "duplicate field \"quay.io/x\"")
                .replace("an empty scope list", "\"/srv/images\": [{\"type\": \"insecureAcceptAnything\"}]",
                        "\"/srv/images\": []", "transports.dir[\"/srv/images\"]", "must not be empty")
                .replace("a null scope list", "\"/srv/images\": [{\"type\": \"insecureAcceptAnything\"}]",
                        "\"/srv/images\": null", "transports.dir[\"/srv/images\"]", "got null")
                .replace("a relative dir scope", "\"/srv/images\"", "\"srv/images\"", "transports.dir[\"srv/images\"]",
                        "absolute")
                .replace("a dir scope with a trailing slash", "\"/srv/images\"", "\"/srv/images/\"",
                        "transports.dir[\"/srv/images/\"]", "non-canonical")
                .replace("a dir scope with ..", "\"/srv/images\"", "\"/srv/../images\"",
                        "transports.dir[\"/srv/../images\"]", "non-canonical")
                .replace("the dir scope /", "\"/srv/images\"", "\"/\"", "transports.dir[\"/\"]", "\"\"")
                .replace("a relative oci scope", "\"/srv/oci:tagged\"", "\"oci:tagged\"", "transports.oci[\"oci:tagged\"]",
                        "absolute")
                .replace("an oci scope with //", "\"/srv/oci:tagged\"", "\"/srv//oci\"", "transports.oci[\"/srv//oci\"]",
                        "non-canonical")
                .replace("a docker-archive scope other than \"\"", "\"docker-archive\": {\n            \"\"",
                        "\"docker-archive\": {\n            \"/tmp/a.tar\"", "transports[\"docker-archive\"][\"/tmp/a.tar\"]",
                        "does not support any scopes except the default")
                .replace("an invalid atomic scope", "\"openshift.example.com/ns/stream:tag\"",
                        "\"openshift.example.com/ns/stream/extra\"",
                        "transports.atomic[\"openshift.example.com/ns/stream/extra\"]", "invalid atomic scope")
                .replace("a containers-storage scope without a store", STORAGE_SCOPE, "\"busybox\"",
                        "transports[\"containers-storage\"][\"busybox\"]", "store specification")
                .replace("a containers-storage scope with a relative graph root", STORAGE_SCOPE, "\"[overlay@var/lib]\"",
                        "transports[\"containers-storage\"][\"[overlay@var/lib]\"]", "not an absolute path")
                .replace("a containers-storage scope with an empty store", STORAGE_SCOPE, "\"[]busybox\"",
                        "transports[\"containers-storage\"][\"[]busybox\"]", "missing or empty")
                .replace("a containers-storage scope with an invalid image ID", STORAGE_SCOPE, "\"[/var/lib/s]busybox@abc\"",
                        "transports[\"containers-storage\"][\"[/var/lib/s]busybox@abc\"]", "neither a valid digest nor")
                // Requirement objects
                .replace("a requirement without type", "{\"type\": \"signedBaseLayer\", ", "{",
                        BASE + ".type", "missing mandatory field \"type\"")
                .replace("an unknown requirement type", "\"type\": \"signedBaseLayer\"", "\"type\": \"signedByFoo\"",
                        BASE + ".type", "unknown requirement type \"signedByFoo\"; expected one of")
                .replace("a numeric type", "\"type\": \"signedBaseLayer\"", "\"type\": 1", BASE + ".type",
                        "expected a string, got a number")
                .replace("a requirement type in the wrong case", "\"type\": \"signedBaseLayer\"",
                        "\"type\": \"SignedBaseLayer\"", BASE + ".type", "unknown requirement type")
                .replace("an unknown field in insecureAcceptAnything",
                        "\"/srv/images\": [{\"type\": \"insecureAcceptAnything\"}]",
                        "\"/srv/images\": [{\"type\": \"insecureAcceptAnything\", \"keyPath\": \"/k\"}]",
                        "transports.dir[\"/srv/images\"][0].keyPath", "unknown field \"keyPath\"")
                .replace("a duplicate type", "{\"type\": \"signedBaseLayer\", ",
                        "{\"type\": \"signedBaseLayer\", \"type\": \"reject\", ", BASE + ".type", "duplicate field \"type\"")
                .replace("signedBaseLayer without identity",
                        ", \"baseLayerIdentity\": {\"type\": \"matchRepository\"}", "", BASE + ".baseLayerIdentity",
                        "missing mandatory field")
                // signedBy
                .replace("signedBy without keyType", "\"keyType\": \"GPGKeys\",", "", QX + ".keyType",
                        "missing mandatory field \"keyType\"")
                .replace("signedBy with an unknown keyType", "\"keyType\": \"GPGKeys\"", "\"keyType\": \"gpgkeys\"",
                        QX + ".keyType", "unknown keyType \"gpgkeys\"")
                .replace("signedBy with a null keyType", "\"keyType\": \"GPGKeys\"", "\"keyType\": null",
                        QX + ".keyType", "got null")
                .replace("signedBy without keys", "\"keyPath\": \"/etc/pki/quay.gpg\",", "", QX,
                        "exactly one of keyPath, keyPaths and keyData must be specified; found none")
                .replace("signedBy with keyPath and keyData", "\"keyPath\": \"/etc/pki/quay.gpg\",",
                        "\"keyPath\": \"/etc/pki/quay.gpg\", \"keyData\": \"a2V5\",", QX, "found keyPath and keyData")
                .replace("signedBy with keyDatas", "\"keyPath\": \"/etc/pki/quay.gpg\",", "\"keyDatas\": [\"a2V5\"],",
                        QX + ".keyDatas", "unknown field \"keyDatas\"")
                .replace("signedBy with an empty keyPath", "\"keyPath\": \"/etc/pki/quay.gpg\"", "\"keyPath\": \"\"",
                        QX + ".keyPath", "must not be empty")
                .replace("signedBy with a numeric keyPath", "\"keyPath\": \"/etc/pki/quay.gpg\"", "\"keyPath\": 7",
                        QX + ".keyPath", "expected a string, got a number")
                .replace("signedBy with keyPaths as a string", "\"keyPaths\": [\"/k/1.gpg\", \"k/2.gpg\"]",
                        "\"keyPaths\": \"/k/1.gpg\"", D + "[\"quay.io/paths\"][0].keyPaths", "expected an array of strings")
                .replace("signedBy with an empty keyPaths", "\"keyPaths\": [\"/k/1.gpg\", \"k/2.gpg\"]", "\"keyPaths\": []",
                        D + "[\"quay.io/paths\"][0].keyPaths", "must not be empty")
                .replace("signedBy with a null in keyPaths", "\"keyPaths\": [\"/k/1.gpg\", \"k/2.gpg\"]",
                        "\"keyPaths\": [\"/k/1.gpg\", null]", D + "[\"quay.io/paths\"][0].keyPaths[1]", "got null")
                .replace("signedBy with invalid base64 keyData", "\"keyData\": \"a2V5ZGF0YQ==\"", "\"keyData\": \"a2V5ZGF0YQ\"",
                        QD + ".keyData", "invalid base64")
                .replace("signedBy with non-alphabet base64", "\"keyData\": \"a2V5ZGF0YQ==\"", "\"keyData\": \"a2V5*GF0YQ==\"",
                        QD + ".keyData", "invalid base64")
                .replace("signedBy with an unknown field", "\"keyType\": \"GPGKeys\",",
                        "\"keyType\": \"GPGKeys\", \"keyid\": \"x\",", QX + ".keyid", "unknown field \"keyid\"")
                // signedIdentity
                .replace("an unknown identity type", "\"signedIdentity\": {\"type\": \"matchRepository\"}",
                        "\"signedIdentity\": {\"type\": \"matchFoo\"}", QX + ".signedIdentity.type",
                        "unknown identity type \"matchFoo\"; expected one of matchExact")
                .replace("a null signedIdentity", "\"signedIdentity\": {\"type\": \"matchRepository\"}",
                        "\"signedIdentity\": null", QX + ".signedIdentity", "got null")
                .replace("a string signedIdentity", "\"signedIdentity\": {\"type\": \"matchRepository\"}",
                        "\"signedIdentity\": \"matchRepository\"", QX + ".signedIdentity", "got a string")
                .replace("an identity without type", "\"signedIdentity\": {\"type\": \"matchRepository\"}",
                        "\"signedIdentity\": {}", QX + ".signedIdentity.type", "missing mandatory field")
                .replace("an unknown field in matchRepository", "\"signedIdentity\": {\"type\": \"matchRepository\"}",
                        "\"signedIdentity\": {\"type\": \"matchRepository\", \"dockerRepository\": \"x\"}",
                        QX + ".signedIdentity.dockerRepository", "unknown field")
                .replace("an unknown field in matchExact", "{\"type\": \"matchExact\"}", "{\"type\": \"matchExact\", \"x\": 1}",
                        DATA + ".signedIdentity.x", "unknown field \"x\"")
                .replace("exactReference without dockerReference", ", \"dockerReference\": \"quay.io/ref:1\"", "",
                        QD + ".signedIdentity.dockerReference", "missing mandatory field")
                .replace("exactReference without tag or digest", "\"dockerReference\": \"quay.io/ref:1\"",
                        "\"dockerReference\": \"quay.io/ref\"", QD + ".signedIdentity.dockerReference",
                        "contains neither a tag nor a digest")
                .replace("exactReference with an invalid reference", "\"dockerReference\": \"quay.io/ref:1\"",
                        "\"dockerReference\": \"quay.io/Ref:1\"", QD + ".signedIdentity.dockerReference",
                        "invalid dockerReference")
                .replace("exactReference with a numeric reference", "\"dockerReference\": \"quay.io/ref:1\"",
                        "\"dockerReference\": 1", QD + ".signedIdentity.dockerReference", "expected a string")
                .replace("exactRepository with an invalid repository", "\"dockerRepository\": \"example.com/repo\"",
                        "\"dockerRepository\": \"example.com/Repo\"", EX + ".signedIdentity.dockerRepository",
                        "invalid dockerRepository")
                .replace("exactRepository without dockerRepository", ", \"dockerRepository\": \"example.com/repo\"", "",
                        EX + ".signedIdentity.dockerRepository", "missing mandatory field")
                .replace("remapIdentity with an invalid prefix", "\"prefix\": \"localhost:5000\"", "\"prefix\": \"a b\"",
                        DATAS + ".signedIdentity.prefix", "prefix \"a b\" is not valid")
                .replace("remapIdentity with an invalid signedPrefix", "\"signedPrefix\": \"quay.io/mirror\"",
                        "\"signedPrefix\": \"quay.io/mirror/\"", DATAS + ".signedIdentity.signedPrefix", "is not valid")
                .replace("remapIdentity without signedPrefix", ", \"signedPrefix\": \"quay.io/mirror\"", "",
                        DATAS + ".signedIdentity.signedPrefix", "missing mandatory field")
                // sigstoreSigned
                .replace("sigstoreSigned without keys", "\"keyPath\": \"/etc/pki/cosign.pub\",", "", EX,
                        "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki must be specified; found none")
                .replace("sigstoreSigned with keyPath and keyData", "\"keyPath\": \"/etc/pki/cosign.pub\",",
                        "\"keyPath\": \"/etc/pki/cosign.pub\", \"keyData\": \"eA==\",", EX, "found keyPath and keyData")
                .replace("sigstoreSigned with keyPaths and fulcio", "\"keyPaths\": [\"/a.pub\", \"/b.pub\"]",
                        "\"keyPaths\": [\"/a.pub\", \"/b.pub\"], \"fulcio\": {}", LH, "found keyPaths and fulcio")
                .replace("sigstoreSigned with an empty keyDatas", "\"keyDatas\": [\"Y29zaWdu\", \"Y29zaWduMg==\"]",
                        "\"keyDatas\": []", DATAS + ".keyDatas", "must not be empty")
                .replace("sigstoreSigned with invalid base64 in keyDatas", "\"keyDatas\": [\"Y29zaWdu\", \"Y29zaWduMg==\"]",
                        "\"keyDatas\": [\"Y29zaWdu\", \"Y29za@WduMg==\"]", DATAS + ".keyDatas[1]", "invalid base64")
                .replace("sigstoreSigned with two rekor key forms", "\"rekorPublicKeyPath\": \"/etc/pki/rekor.pub\"",
                        "\"rekorPublicKeyPath\": \"/etc/pki/rekor.pub\", \"rekorPublicKeyData\": \"eA==\"", EX,
                        "at most one of rekorPublicKeyPath")
                .replace("sigstoreSigned with an empty rekorPublicKeyPaths", "\"rekorPublicKeyPaths\": [\"/r1.pub\", \"/r2.pub\"]",
                        "\"rekorPublicKeyPaths\": []", LH + ".rekorPublicKeyPaths", "must not be empty")
                .replace("sigstoreSigned with invalid base64 rekorPublicKeyData", "\"rekorPublicKeyData\": \"cmVrb3I=\"",
                        "\"rekorPublicKeyData\": \"cmVrb3I\"", DATA + ".rekorPublicKeyData", "invalid base64")
                .replace("sigstoreSigned with a misspelt field", "\"rekorPublicKeyPath\": \"/etc/pki/rekor.pub\"",
                        "\"rekorPublickeyPath\": \"/etc/pki/rekor.pub\"", EX + ".rekorPublickeyPath",
                        "unknown field \"rekorPublickeyPath\"")
                .replace("sigstoreSigned with keyType", "\"keyPaths\": [\"/a.pub\", \"/b.pub\"]",
                        "\"keyPaths\": [\"/a.pub\", \"/b.pub\"], \"keyType\": \"GPGKeys\"", LH + ".keyType", "unknown field")
                // fulcio
                .replace("fulcio without rekor", "\"rekorPublicKeyPath\": \"/etc/pki/rekor2.pub\",", "", FULCIO,
                        "must be specified if fulcio is used")
                .replace("fulcio without CA", "\"caPath\": \"/etc/pki/fulcio.crt\",", "", FULCIO + ".fulcio",
                        "exactly one of caPath and caData must be specified; found none")
                .replace("fulcio with caPath and caData", "\"caPath\": \"/etc/pki/fulcio.crt\",",
                        "\"caPath\": \"/etc/pki/fulcio.crt\", \"caData\": \"eA==\",", FULCIO + ".fulcio", "found caPath and caData")
                .replace("fulcio without oidcIssuer", "\"oidcIssuer\": \"https://oauth2.sigstore.dev/auth\",", "",
                        FULCIO + ".fulcio.oidcIssuer", "missing mandatory field")
                .replace("fulcio with an empty subjectEmail", "\"subjectEmail\": \"dev@example.com\"",
                        "\"subjectEmail\": \"\"", FULCIO + ".fulcio.subjectEmail", "must not be empty")
                .replace("fulcio with an unknown field", "\"subjectEmail\": \"dev@example.com\"",
                        "\"subjectEmail\": \"dev@example.com\", \"subject\": \"x\"", FULCIO + ".fulcio.subject",
                        "unknown field \"subject\"")
                .mutate("fulcio as an array", doc -> doc.replaceFirst("(?s)\"fulcio\": \\{.*?\\},", "\"fulcio\": [],"),
                        FULCIO + ".fulcio", "expected a JSON object, got an array")
                // pki
                .replace("pki without CA roots", "\"caRootsPath\": \"/etc/pki/roots.pem\",", "", PKI + ".pki",
                        "exactly one of caRootsPath and caRootsData")
                .replace("pki with both intermediates forms", "\"caIntermediatesPath\": \"/etc/pki/intermediates.pem\",",
                        "\"caIntermediatesPath\": \"/etc/pki/intermediates.pem\", \"caIntermediatesData\": \"eA==\",",
                        PKI + ".pki", "at most one of caIntermediatesPath and caIntermediatesData")
                .replace("pki without any subject", "\"subjectEmail\": \"ci@example.com\",\n                        \"subjectHostname\": \"ci.example.com\"",
                        "\"subjectEmail\": \"\"", PKI + ".pki", "at least one of subjectEmail and subjectHostname")
                .replace("pki with invalid base64 caRootsData", "\"caRootsPath\": \"/etc/pki/roots.pem\"",
                        "\"caRootsData\": \"!!\"", PKI + ".pki.caRootsData", "invalid base64")
                .replace("pki with a boolean subjectHostname", "\"subjectHostname\": \"ci.example.com\"",
                        "\"subjectHostname\": true", PKI + ".pki.subjectHostname", "expected a string, got a boolean");
    }

    @TestFactory
    Stream<DynamicTest> rejectsEveryBrokenPolicy() {
        return harness().tests();
    }

    @Test
    void coversAtLeastSixtyWaysOfBreakingAPolicy() {
        assertThat(harness().size()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void harnessRefusesAmbiguousReplacements() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replaceOnce("aa", "a", "b"))
                .isInstanceOf(AssertionError.class);
    }
}
