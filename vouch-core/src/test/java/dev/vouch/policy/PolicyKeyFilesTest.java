package dev.vouch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.policy.json.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyKeyFilesTest {

    @Test
    void listsEveryFileThePolicyReadsTrustFromOnce() throws Exception {
        String policy = """
                {"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k/release.gpg"}],
                 "transports":{"docker":{
                   "a.example.com":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":["/k/a.gpg","/k/release.gpg"]}],
                   "b.example.com":[{"type":"sigstoreSigned","keyPath":"/k/cosign.pub"}],
                   "c.example.com":[{"type":"sigstoreSigned","fulcio":{"caPath":"/k/fulcio.pem","oidcIssuer":"https://o",
                      "subjectEmail":"a@example.com"},"rekorPublicKeyPath":"/k/rekor.pub"}],
                   "d.example.com":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/k/roots.pem",
                      "caIntermediatesPath":"/k/inter.pem","subjectEmail":"a@example.com"}}],
                   "e.example.com":[{"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA"},{"type":"reject"}]}}}
                """;
        assertThat(PolicyKeyFiles.of(PolicyParser.parse(policy.getBytes(StandardCharsets.UTF_8)))).containsExactly(
                Path.of("/k/release.gpg"), Path.of("/k/a.gpg"), Path.of("/k/cosign.pub"), Path.of("/k/rekor.pub"),
                Path.of("/k/fulcio.pem"), Path.of("/k/roots.pem"), Path.of("/k/inter.pem"));
    }
}
