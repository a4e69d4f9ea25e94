package dev.vouch.cli.agreement;

import static dev.vouch.cli.agreement.AgreementFixtures.IDENTITY;
import static dev.vouch.cli.agreement.AgreementFixtures.REPOSITORY;
import static dev.vouch.cli.agreement.Decision.ACCEPTED;
import static dev.vouch.cli.agreement.Decision.INVALID_POLICY;
import static dev.vouch.cli.agreement.Decision.REJECTED;
import static dev.vouch.cli.agreement.PolicyText.byDefault;
import static dev.vouch.cli.agreement.PolicyText.exactReference;
import static dev.vouch.cli.agreement.PolicyText.exactRepository;
import static dev.vouch.cli.agreement.PolicyText.identity;
import static dev.vouch.cli.agreement.PolicyText.insecureAcceptAnything;
import static dev.vouch.cli.agreement.PolicyText.quote;
import static dev.vouch.cli.agreement.PolicyText.reject;
import static dev.vouch.cli.agreement.PolicyText.remapIdentity;
import static dev.vouch.cli.agreement.PolicyText.signedBy;
import static dev.vouch.cli.agreement.PolicyText.signedByKeyData;
import static dev.vouch.cli.agreement.PolicyText.signedByKeyPaths;
import static dev.vouch.cli.agreement.PolicyText.signedByWith;
import static dev.vouch.cli.agreement.PolicyText.sigstoreSigned;

import java.util.List;
import java.util.stream.Stream;

/**
 * The rows of {@link ReferenceAgreementIT}: policy × dir: image (with its signatures) → the decision of
 * containers/image. Unless a row says otherwise, signatures claim {@link AgreementFixtures#IDENTITY} and a
 * "trusting" policy is {@code signedBy} the RSA key with {@code exactReference} of that identity.
 */
final class AgreementTable {
    private AgreementTable() {
    }

    static Stream<Row> rows() {
        return Stream.of(requirementTypes(), scopes(), signatures(), identities(), keys(), invalidPolicies())
                .flatMap(List::stream);
    }

    static List<Row> requirementTypes() {
        return List.of(
                row("insecureAcceptAnything accepts an unsigned image", ACCEPTED, AgreementImages.UNSIGNED,
                        f -> byDefault(insecureAcceptAnything()).json()),
                row("insecureAcceptAnything accepts an image whose only signature is by an unknown key", ACCEPTED,
                        AgreementImages.STRANGER, f -> byDefault(insecureAcceptAnything()).json()),
                row("reject rejects even a validly signed image", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(reject()).json()),
                row("signedBy with keyPath accepts a signature by that key", ACCEPTED, AgreementImages.SIGNED,
                        f -> byDefault(trusting(f, Signer.RSA)).json()),
                row("signedBy with keyPaths accepts a signature by the second listed key", ACCEPTED,
                        AgreementImages.SIGNED, f -> byDefault(signedByKeyPaths(
                                List.of(f.keyring(Signer.OTHER), f.keyring(Signer.RSA)), exactIdentity())).json()),
                row("signedBy with keyPaths rejects a signature by a key in none of them", REJECTED,
                        AgreementImages.STRANGER, f -> byDefault(signedByKeyPaths(
                                List.of(f.keyring(Signer.OTHER), f.keyring(Signer.RSA)), exactIdentity())).json()),
                row("signedBy with keyPaths rejects when one of the files is missing, even if the other key signed",
                        REJECTED, AgreementImages.SIGNED, f -> byDefault(signedByKeyPaths(
                                List.of(f.keyring(Signer.RSA), f.keyFile("missing.gpg")), exactIdentity())).json()),
                row("signedBy with keyData accepts a signature by the key it holds", ACCEPTED,
                        AgreementImages.SIGNED,
                        f -> byDefault(signedByKeyData(f.keyData(Signer.RSA), exactIdentity())).json()),
                row("signedBy accepts a signature by one key of a keyring file holding two", ACCEPTED,
                        AgreementImages.SIGNED,
                        f -> byDefault(signedBy(f.keyFile("rsa-and-other.gpg"), exactIdentity())).json()),
                row("signedBy accepts a key file in ASCII armor", ACCEPTED, AgreementImages.SIGNED,
                        f -> byDefault(signedBy(f.keyFile("rsa.asc"), exactIdentity())).json()),
                row("a scope accepts when each of its requirements accepts", ACCEPTED, AgreementImages.SIGNED,
                        f -> byDefault(trusting(f, Signer.RSA), insecureAcceptAnything()).json()),
                row("a scope rejects when one of its requirements rejects", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(trusting(f, Signer.RSA), reject()).json()),
                row("two signedBy requirements accept an image carrying a signature for each", ACCEPTED,
                        AgreementImages.SIGNED_BY_BOTH,
                        f -> byDefault(trusting(f, Signer.RSA), trusting(f, Signer.OTHER)).json()),
                row("two signedBy requirements reject an image signed for only one of them", REJECTED,
                        AgreementImages.SIGNED,
                        f -> byDefault(trusting(f, Signer.RSA), trusting(f, Signer.OTHER)).json()),
                row("sigstoreSigned rejects an image that has only simple signatures", REJECTED,
                        AgreementImages.SIGNED,
                        f -> byDefault(sigstoreSigned(f.keyFile("sigstore.pub"), exactIdentity())).json())
                                .because("no signature exists"),
                // Debian's skopeo 1.9.3 is built with sigstore verification disabled ("Debian-local change: sigstore
                // disabled"), as is vouch so far: only rejections by sigstoreSigned can be compared here.
                row("sigstoreSigned rejects a made-up sigstore signature", REJECTED, AgreementImages.SIGSTORE_ONLY,
                        f -> byDefault(sigstoreSigned(f.keyFile("sigstore.pub"), exactIdentity())).json()),
                row("signedBy ignores a sigstore signature next to a valid simple signature", ACCEPTED,
                        AgreementImages.SIGSTORE_AND_VALID, f -> byDefault(trusting(f, Signer.RSA)).json()),
                row("signedBy rejects an image whose only signature is a sigstore signature", REJECTED,
                        AgreementImages.SIGSTORE_ONLY, f -> byDefault(trusting(f, Signer.RSA)).json())
                                .because("no signature exists"),
                row("signedBaseLayer rejects every image, being unimplemented", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault("{\"type\":\"signedBaseLayer\",\"baseLayerIdentity\":"
                                + identity("matchRepository") + "}").json()).because("not implemented"));
    }

    static List<Row> scopes() {
        return List.of(
                row("the scope naming the image's exact path applies", ACCEPTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir(f.image(AgreementImages.UNSIGNED), insecureAcceptAnything())
                                .json()),
                row("the scope naming a parent directory applies", ACCEPTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir(f.images(), insecureAcceptAnything()).json()),
                row("the dir transport's default scope applies when no path scope matches", ACCEPTED,
                        AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir("", insecureAcceptAnything()).json()),
                row("the global default applies when no dir scope matches", REJECTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir("/nonexistent/elsewhere", insecureAcceptAnything()).json()),
                row("the exact path's scope overrides its parent's", ACCEPTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir(f.images(), reject())
                                .dir(f.image(AgreementImages.UNSIGNED), insecureAcceptAnything()).json()),
                row("a reject in the exact path's scope overrides an accepting parent", REJECTED,
                        AgreementImages.UNSIGNED, f -> byDefault(insecureAcceptAnything())
                                .dir(f.images(), insecureAcceptAnything())
                                .dir(f.image(AgreementImages.UNSIGNED), reject()).json()),
                row("the nearer parent directory overrides the farther one", ACCEPTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir(f.root(), reject()).dir(f.images(), insecureAcceptAnything())
                                .json()),
                row("a parent directory's scope overrides the transport default", ACCEPTED,
                        AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).dir("", reject()).dir(f.images(), insecureAcceptAnything()).json()),
                row("the transport default overrides the global default", REJECTED, AgreementImages.UNSIGNED,
                        f -> byDefault(insecureAcceptAnything()).dir("", reject()).json()),
                row("a scope that is a string prefix of the path but not a parent directory does not apply",
                        REJECTED, AgreementImages.UNSIGNED, f -> byDefault(reject())
                                .dir(f.image("unsig"), insecureAcceptAnything()).json()),
                row("scopes of other transports do not apply to dir: images", REJECTED, AgreementImages.UNSIGNED,
                        f -> byDefault(reject()).scope("oci", f.image(AgreementImages.UNSIGNED).toString(),
                                insecureAcceptAnything()).scope("docker", "", insecureAcceptAnything()).json()),
                new Row("a symlinked image is looked up by its resolved path", f -> byDefault(reject())
                        .dir(f.image(AgreementImages.SIGNED), insecureAcceptAnything()).json(),
                        f -> f.root().resolve("links").resolve(AgreementImages.LINK_TO_SIGNED), ACCEPTED),
                new Row("a scope naming the symlink rather than its target does not apply", f -> byDefault(reject())
                        .dir(f.root().resolve("links").resolve(AgreementImages.LINK_TO_SIGNED),
                                insecureAcceptAnything()).json(),
                        f -> f.root().resolve("links").resolve(AgreementImages.LINK_TO_SIGNED), REJECTED),
                row("a trusting dir scope accepts a signed image while the default rejects", ACCEPTED,
                        AgreementImages.SIGNED,
                        f -> byDefault(reject()).dir(f.images(), trusting(f, Signer.RSA)).json()));
    }

    static List<Row> signatures() {
        return List.of(
                trusted("an unsigned image is rejected", REJECTED, AgreementImages.UNSIGNED)
                        .because("no signature exists"),
                trusted("a valid signature followed by a broken one is accepted", ACCEPTED,
                        AgreementImages.VALID_THEN_BROKEN),
                trusted("a broken signature followed by a valid one is accepted", ACCEPTED,
                        AgreementImages.BROKEN_THEN_VALID),
                trusted("an image whose only signature is broken is rejected", REJECTED,
                        AgreementImages.ONLY_BROKEN),
                trusted("a signature by a key not in the keyring is rejected", REJECTED, AgreementImages.STRANGER),
                trusted("a valid signature after one by an unknown key is accepted", ACCEPTED,
                        AgreementImages.STRANGER_THEN_VALID),
                row("a signature made by an Ed25519 key is accepted", ACCEPTED, AgreementImages.ED25519,
                        f -> byDefault(trusting(f, Signer.ED25519)).json()),
                row("a signature made by a key that has since expired is rejected", REJECTED,
                        AgreementImages.EXPIRED, f -> byDefault(trusting(f, Signer.EXPIRED)).json()),
                row("a signature made by a key that has since been revoked is rejected", REJECTED,
                        AgreementImages.REVOKED, f -> byDefault(trusting(f, Signer.REVOKED)).json()),
                row("a signature made by a subkey that has since been revoked is rejected", REJECTED,
                        AgreementImages.REVOKED_SUBKEY, f -> byDefault(trusting(f, Signer.REVOKED_SUBKEY)).json()),
                trusted("a manifest changed after signing is rejected", REJECTED, AgreementImages.TAMPERED)
                        .because("does not match"),
                trusted("a valid signature of another manifest is rejected", REJECTED,
                        AgreementImages.SIGNATURE_OF_OTHER_MANIFEST).because("does not match"),
                trusted("a signature file of unrecognized format rejects the image", REJECTED,
                        AgreementImages.UNRECOGNIZED).because("unrecognized signature format"),
                trusted("an unrecognized signature file rejects the image despite a valid signature before it",
                        REJECTED, AgreementImages.VALID_THEN_UNRECOGNIZED).because("unrecognized signature format"),
                trusted("an empty signature file rejects the image despite a valid signature before it", REJECTED,
                        AgreementImages.VALID_THEN_EMPTY),
                trusted("signature-2 is not read when signature-1 is missing", REJECTED,
                        AgreementImages.ONLY_SIGNATURE_2).because("no signature exists"));
    }

    static List<Row> identities() {
        return List.of(
                signedIdentity("matchExact rejects a dir: image, which has no Docker reference", REJECTED,
                        identity("matchExact")).because("is not accepted"),
                signedIdentity("matchRepoDigestOrExact rejects a dir: image", REJECTED,
                        identity("matchRepoDigestOrExact")).because("is not accepted"),
                signedIdentity("matchRepository rejects a dir: image", REJECTED, identity("matchRepository"))
                        .because("is not accepted"),
                row("signedBy without signedIdentity (matchRepoDigestOrExact) rejects a dir: image", REJECTED,
                        AgreementImages.SIGNED, f -> byDefault(signedBy(f.keyring(Signer.RSA), null)).json())
                                .because("is not accepted"),
                signedIdentity("exactReference equal to the signed identity accepts", ACCEPTED,
                        exactReference(IDENTITY)),
                signedIdentity("exactReference with another tag rejects", REJECTED,
                        exactReference(REPOSITORY + ":2.0")).because("is not accepted"),
                signedIdentity("exactReference with another repository rejects", REJECTED,
                        exactReference("registry.example.com/vouch/other:1.0")).because("is not accepted"),
                signedIdentity("exactRepository of the signed identity accepts", ACCEPTED,
                        exactRepository(REPOSITORY)),
                signedIdentity("exactRepository of another repository rejects", REJECTED,
                        exactRepository("registry.example.com/vouch/other")).because("is not accepted"),
                signedIdentity("remapIdentity rejects a dir: image", REJECTED,
                        remapIdentity("registry.example.com/vouch", "registry.example.com/vouch"))
                                .because("is not accepted"),
                signedIdentity("exactReference by digest rejects a signature for a tag", REJECTED,
                        exactReference(REPOSITORY + "@sha256:" + "0".repeat(64))).because("is not accepted"),
                signedIdentity("exactRepository ignores a tag written in the repository", ACCEPTED,
                        exactRepository(REPOSITORY + ":9.9")),
                row("exactReference in short form matches the normalized signed identity", ACCEPTED,
                        AgreementImages.SIGNED_SHORT_NAME,
                        f -> byDefault(signedBy(f.keyring(Signer.RSA), exactReference("busybox:1.36"))).json()),
                row("exactRepository in short form matches the normalized signed identity", ACCEPTED,
                        AgreementImages.SIGNED_SHORT_NAME,
                        f -> byDefault(signedBy(f.keyring(Signer.RSA), exactRepository("busybox"))).json()));
    }

    static List<Row> keys() {
        return List.of(
                row("a missing key file rejects an unsigned image", REJECTED, AgreementImages.UNSIGNED,
                        f -> byDefault(signedBy(f.keyFile("missing.gpg"), exactIdentity())).json())
                                .because("no signature exists"),
                row("a missing key file rejects a signed image", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(signedBy(f.keyFile("missing.gpg"), exactIdentity())).json())
                                .because("missing.gpg"),
                row("a key file holding no key rejects a signed image", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(signedBy(f.keyFile("not-a-key.gpg"), exactIdentity())).json()),
                row("keyType signedByGPGKeys rejects, being unimplemented", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(signedByWith("signedByGPGKeys", keyPath(f, Signer.RSA), exactIdentity()))
                                .json()).because("unimplemented"),
                row("keyType X509Certificates rejects, being unimplemented", REJECTED, AgreementImages.SIGNED,
                        f -> byDefault(signedByWith("X509Certificates", keyPath(f, Signer.RSA), exactIdentity()))
                                .json()).because("unimplemented"),
                row("a keyring of another key rejects even when that key signed another image", REJECTED,
                        AgreementImages.SIGNED_BY_OTHER, f -> byDefault(trusting(f, Signer.RSA)).json()));
    }

    static List<Row> invalidPolicies() {
        return List.of(
                row("a relative dir scope makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> byDefault(reject()).dir("relative/path", insecureAcceptAnything()).json()),
                row("a dir scope with a trailing slash makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED,
                        f -> byDefault(reject()).dir(f.images() + "/", insecureAcceptAnything()).json()),
                row("a dir scope with a dot-dot component makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED, f -> byDefault(reject())
                                .dir(f.images() + "/../images", insecureAcceptAnything()).json()),
                row("a dir scope with a doubled slash makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED, f -> byDefault(reject())
                                .dir(f.root() + "//images", insecureAcceptAnything()).json()),
                row("the root directory as a dir scope makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED, f -> byDefault(reject()).dir("/", insecureAcceptAnything()).json()),
                row("an unknown top-level member makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> "{\"default\":[" + insecureAcceptAnything() + "],\"defaults\":[" + reject() + "]}"),
                row("a duplicated member makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> "{\"default\":[" + reject() + "],\"default\":[" + insecureAcceptAnything() + "]}"),
                row("exactReference without tag or digest makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED,
                        f -> byDefault(signedBy(f.keyring(Signer.RSA), exactReference(REPOSITORY))).json()),
                row("an unknown requirement type makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> byDefault("{\"type\":\"acceptEverything\"}").json()),
                row("an empty default makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> byDefault().json()),
                row("an unknown keyType makes the policy invalid", INVALID_POLICY, AgreementImages.SIGNED,
                        f -> byDefault(signedByWith("PGPKeys", keyPath(f, Signer.RSA), exactIdentity())).json()),
                row("signedBy with both keyPath and keyData makes the policy invalid", INVALID_POLICY,
                        AgreementImages.SIGNED, f -> byDefault(signedByWith("GPGKeys", keyPath(f, Signer.RSA)
                                + ",\"keyData\":" + quote(f.keyData(Signer.RSA)), exactIdentity())).json()));
    }

    /**
     * Rows where vouch knowingly decides otherwise than skopeo 1.9.3, each with the reference's decision; see
     * {@link ReferenceAgreementIT#vouchDecidesAsSkopeoDoesWhereTheyAreKnownToDisagree}.
     */
    static Stream<Row> knownDisagreements() {
        return Stream.of(subkeySignature());
    }

    /** skopeo 1.9.3 rejects a signature by a signing subkey; current containers/image and vouch accept it. */
    static Row subkeySignature() {
        return row("a signature made by a signing subkey is rejected by skopeo 1.9.3", REJECTED,
                AgreementImages.SUBKEY, f -> byDefault(trusting(f, Signer.SUBKEY)).json());
    }

    private static Row row(String name, Decision expected, String image, Row.PolicyFactory policy) {
        return new Row(name, policy, f -> f.image(image), expected);
    }

    /** The image under the policy trusting the RSA key for {@link AgreementFixtures#IDENTITY}. */
    private static Row trusted(String name, Decision expected, String image) {
        return row(name, expected, image, f -> byDefault(trusting(f, Signer.RSA)).json());
    }

    /** The validly signed image under signedBy the RSA key with {@code signedIdentity}. */
    private static Row signedIdentity(String name, Decision expected, String signedIdentity) {
        return row(name, expected, AgreementImages.SIGNED,
                f -> byDefault(signedBy(f.keyring(Signer.RSA), signedIdentity)).json());
    }

    private static String trusting(AgreementFixtures f, Signer signer) {
        return signedBy(f.keyring(signer), exactIdentity());
    }

    private static String exactIdentity() {
        return exactReference(IDENTITY);
    }

    private static String keyPath(AgreementFixtures f, Signer signer) {
        return "\"keyPath\":" + quote(f.keyring(signer).toString());
    }
}
