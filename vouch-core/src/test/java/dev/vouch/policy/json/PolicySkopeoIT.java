package dev.vouch.policy.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vouch.policy.PolicyError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser accepts exactly the policies that skopeo 1.9.3 accepts (for the features that version knows): each
 * document is given to {@code skopeo --policy P copy dir:SRC dir:DST}, which fails with "invalid policy" before
 * copying when the policy does not parse.
 *
 * <p>Known, deliberate differences (vouch follows current containers/image), not listed below: skopeo 1.9.3 does
 * not know {@code keyPaths}, {@code keyDatas}, {@code fulcio}, {@code pki} and the Rekor fields of
 * {@code sigstoreSigned}; it has no {@code atomic} transport, so it does not check {@code atomic} scopes; its
 * reference parser rejects an uppercase first component ({@code UPPER/x}) that the current one takes as a domain;
 * it accepts {@code signedBy} with an empty {@code keyPaths} (rejected at evaluation), which vouch rejects at parse.
 */
class PolicySkopeoIT {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String R = "[{\"type\": \"reject\"}]";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeImage() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("manifest.json"), "{\"schemaVersion\": 2}");
        Files.writeString(src.resolve("version"), "Directory Transport Version: 1.1\n");
    }

    private static String in(String transport, String scopes) {
        return "{\"default\": " + R + ", \"transports\": {\"" + transport + "\": {" + scopes + "}}}";
    }

    private static String req(String requirement) {
        return in("docker", "\"x\": [" + requirement + "]");
    }

    private static boolean skopeoAccepts(String policy) throws Exception {
        Path file = Files.createTempFile(dir, "policy", ".json");
        Files.writeString(file, policy);
        Path dest = dir.resolve("dst-" + file.getFileName());
        Process process = new ProcessBuilder(SKOPEO.toString(), "--policy", file.toString(), "copy", "-q",
                "dir:" + dir.resolve("src"), "dir:" + dest).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return !output.contains("invalid policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}",
            "{\"default\": []}",
            "{\"default\": null}",
            "{\"transports\": {}}",
            "{\"default\": " + R + "} {}",
            "{\"default\": " + R + ", \"default\": " + R + "}",
            "{\"default\": " + R + ", \"Default\": " + R + "}",
            "{\"default\": " + R + ", \"transports\": null}",
            "[]",
            "",
            "{\"default\": " + R + ", \"transports\": {\"docker\": {\"x\": " + R + ", \"x\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"docker\": {}, \"docker\": {}}}",
            "{\"default\": " + R + ", \"transports\": {\"foo\": {\"any thing\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"docker\": {\"a*b\": " + R + ", \"*.x\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"dir\": {\"relative\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"dir\": {\"/a/\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"oci\": {\"/a/../b\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"oci\": {\"/a/b:tag\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"tarball\": {\"x\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"docker-archive\": {\"\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"atomic\": {\"h/ns/is:tag\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"[/var/lib]\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"[overlay@/v+/r:o]busybox\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"relative\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"[]\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"[/x]b@zzz\": " + R + "}}}",
            "{\"default\": " + R + ", \"transports\": {\"containers-storage\": {\"[/x]@" + ID + "\": " + R + "}}}",
            "{\"default\": [{\"type\": \"insecureAcceptAnything\", \"x\": 1}]}",
            "{\"default\": [{\"keyType\": \"GPGKeys\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyPath\": \"/k\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"gpgkeys\", \"keyPath\": \"/k\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"X509Certificates\", \"keyPath\": \"/k\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"keyData\": \"eA==\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPaths\": [\"/a\", \"b\"]}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyData\": \"a2V\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyData\": \"a2V5\\nZA==\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": null}]}",
            "{\"default\": [{\"type\": \"signedBaseLayer\", \"baseLayerIdentity\": {\"type\": \"matchExact\"}}]}",
            "{\"default\": [{\"type\": \"signedBaseLayer\"}]}",
            "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/k\"}]}",
            "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyData\": \"eA==\", \"signedIdentity\": {\"type\": \"matchRepository\"}}]}",
            "{\"default\": [{\"type\": \"sigstoreSigned\"}]}",
            "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/k\", \"keyData\": \"eA==\"}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"exactReference\", \"dockerReference\": \"busybox\"}}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"exactRepository\", \"dockerRepository\": \"busybox:tag\"}}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"remapIdentity\", \"prefix\": \"ns/app\", \"signedPrefix\": \"quay.io\"}}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"remapIdentity\", \"prefix\": \"a b\", \"signedPrefix\": \"quay.io\"}}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"remapIdentity\", \"prefix\": \"quay.io\"}}]}",
            "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\", \"signedIdentity\": "
                    + "{\"type\": \"matchExact\", \"x\": 1}}]}",
    })
    void acceptsExactlyThePoliciesSkopeoAccepts(String policy) throws Exception {
        assumeTrue(Files.isExecutable(SKOPEO), "skopeo is installed");
        List<PolicyError> errors = PolicyParser.check(policy.getBytes(StandardCharsets.UTF_8));

        assertThat(errors.isEmpty()).as("vouch accepts (errors: %s)", errors).isEqualTo(skopeoAccepts(policy));
    }
}
