package dev.vouch.cli.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vouch verify} decides as the reference implementation does: for each row of {@link AgreementTable}
 * (policy × dir: image × signatures), {@code skopeo --policy P copy dir:IMAGE dir:SCRATCH} (skopeo 1.9.3) is asked
 * first, its decision must be the one the row documents, and vouch's must equal it.
 */
class ReferenceAgreementIT {
    private static Path root;
    private static AgreementFixtures fixtures;

    @BeforeAll
    static void makeKeysAndImages() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "vouch-agreement").toRealPath();
        fixtures = AgreementFixtures.create(root);
    }

    @AfterAll
    static void removeKeysAndImages() throws IOException {
        try {
            if (fixtures != null) {
                fixtures.close();
            }
        } finally {
            TempTree.delete(root);
        }
    }

    static Stream<Row> rows() {
        return AgreementTable.rows();
    }

    static Stream<Row> knownDisagreements() {
        return AgreementTable.knownDisagreements();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void vouchDecidesAsSkopeoDoes(Row row) throws IOException {
        Decided decided = decide(row);
        assertThat(decided.reference().decision())
                .as("skopeo's decision on %s under %s (skopeo said: %s)", decided.image(), decided.policyText(),
                        decided.reference().stderr())
                .isEqualTo(row.expected());
        assertThat(decided.vouch().decision())
                .as("vouch's decision on %s under %s (skopeo said: %s; vouch said: %s)", decided.image(),
                        decided.policyText(), decided.reference().stderr(), decided.vouch().output())
                .isEqualTo(decided.reference().decision());
        row.reason().ifPresent(words -> {
            assertThat(decided.reference().stderr()).as("skopeo's reason").containsIgnoringCase(words);
            assertThat(String.join("; ", decided.vouch().rejectionReasons())).as("vouch's reasons (%s)",
                    decided.vouch().output()).containsIgnoringCase(words);
        });
    }

    @Disabled("Known disagreement: skopeo 1.9.3 (containers/image 5.23) rejects signatures made by a signing subkey "
            + "(\"Signature by key <subkey fingerprint> is not accepted\": gpgme reports the subkey, the policy "
            + "keyring lists primary keys; podman#16406). containers/image accepts them since PR #2905 "
            + "(July 2025), and vouch follows that. See subkeySignaturesPinTheKnownDivergence.")
    @ParameterizedTest(name = "{0}")
    @MethodSource("knownDisagreements")
    void vouchDecidesAsSkopeoDoesWhereTheyAreKnownToDisagree(Row row) throws IOException {
        vouchDecidesAsSkopeoDoes(row);
    }

    /**
     * Pins both sides of the subkey divergence, so that a change on either side (a newer skopeo, a vouch that follows
     * 5.23) shows up here instead of passing unnoticed.
     */
    @Test
    void subkeySignaturesPinTheKnownDivergence() throws IOException {
        Decided decided = decide(AgreementTable.subkeySignature());
        assertThat(decided.reference().decision()).as(decided.reference().stderr()).isEqualTo(Decision.REJECTED);
        assertThat(decided.reference().stderr()).contains("is not accepted");
        assertThat(decided.vouch().decision()).as(decided.vouch().output()).isEqualTo(Decision.ACCEPTED);
    }

    /** A copy that fails for another reason than the policy decides nothing, and must not pass for a rejection. */
    @Test
    void skopeoFailingForAnotherReasonIsNotTakenForARejection() throws IOException {
        Path policy = fixtures.writePolicy(PolicyText.byDefault(PolicyText.insecureAcceptAnything()).json());
        Path missing = root.resolve("no-such-image");

        assertThatThrownBy(() -> SkopeoCopy.decide(policy, "dir:" + missing, root))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("other than the policy");
    }

    private record Decided(String image, String policyText, SkopeoCopy.Outcome reference, VouchVerify.Outcome vouch) {
    }

    private static Decided decide(Row row) throws IOException {
        String policyText = row.policy().text(fixtures);
        Path policy = fixtures.writePolicy(policyText);
        String image = "dir:" + row.image().path(fixtures);
        SkopeoCopy.Outcome reference = SkopeoCopy.decide(policy, image,
                Files.createDirectories(root.resolve("copies")));
        VouchVerify.Outcome vouch = VouchVerify.decide(policy, image);
        System.out.printf("%s | skopeo=%s | vouch=%s | %s | %s%n", row.name(), reference.decision(),
                vouch.decision(), reference.stderr().strip(), vouch.rejectionReasons());
        return new Decided(image, policyText, reference, vouch);
    }
}
