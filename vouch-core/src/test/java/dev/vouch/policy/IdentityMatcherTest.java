package dev.vouch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.ImageReference;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The signedIdentity matchers of policy_reference_match.go, row by row. D and E stand for two digests. */
class IdentityMatcherTest {
    private static final String D = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String E = "sha256:" + "a".repeat(64);

    /** {@code matchExact}, {@code exactReference:REF}, {@code exactRepository:REPO}, {@code remapIdentity:P=S}. */
    private static SignedIdentity identity(String spec) {
        String[] parts = spec.split(":", 2);
        return switch (parts[0]) {
            case "matchExact" -> new MatchExact();
            case "matchRepoDigestOrExact" -> new MatchRepoDigestOrExact();
            case "matchRepository" -> new MatchRepository();
            case "exactReference" -> new ExactReference(digests(parts[1]));
            case "exactRepository" -> new ExactRepository(digests(parts[1]));
            case "remapIdentity" -> new RemapIdentity(parts[1].split("=")[0], parts[1].split("=")[1]);
            default -> throw new IllegalArgumentException(spec);
        };
    }

    private static String digests(String value) {
        return value.replace("@D", "@" + D).replace("@E", "@" + E);
    }

    @ParameterizedTest(name = "{0}: image {1}, signed {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            matchExact             | busybox:latest          | docker.io/library/busybox:latest | true
            matchExact             | busybox:latest          | busybox:latest                   | true
            matchExact             | busybox:latest          | busybox:notlatest                | false
            matchExact             | busybox:latest          | busybox                          | false
            matchExact             | busybox@D               | busybox@D                        | true
            matchExact             | busybox@D               | busybox@E                        | false
            matchExact             | busybox@D               | busybox:latest                   | false
            matchExact             | busybox:latest          | busybox@D                        | false
            matchExact             | busybox                 | busybox                          | false
            matchExact             | -                       | busybox:latest                   | false
            matchExact             | busybox:latest          | BUSYBOX:latest                   | false
            matchExact             | busybox:latest          | ''                               | false
            matchRepoDigestOrExact | busybox:latest          | busybox:latest                   | true
            matchRepoDigestOrExact | busybox:latest          | busybox:other                    | false
            matchRepoDigestOrExact | busybox:latest          | busybox@D                        | false
            matchRepoDigestOrExact | busybox@D               | busybox:anytag                   | true
            matchRepoDigestOrExact | busybox@D               | busybox@E                        | true
            matchRepoDigestOrExact | busybox@D               | busybox                          | false
            matchRepoDigestOrExact | busybox@D               | quay.io/busybox:1                | false
            matchRepoDigestOrExact | busybox                 | busybox:latest                   | false
            matchRepoDigestOrExact | -                       | busybox:latest                   | false
            matchRepoDigestOrExact | quay.io/a/b:1           | quay.io/a/b:1@D                  | false
            matchRepository        | busybox:latest          | busybox:other                    | true
            matchRepository        | busybox:latest          | busybox                          | true
            matchRepository        | busybox@D               | busybox:1                        | true
            matchRepository        | busybox:latest          | quay.io/library/busybox:latest   | false
            matchRepository        | quay.io/a/b:1           | quay.io/a/b/c:1                  | false
            matchRepository        | quay.io/a/b:1           | quay.io/a:1                      | false
            matchRepository        | -                       | busybox:latest                   | false
            matchRepository        | busybox:latest          | not a reference                  | false
            exactReference:quay.io/ref:1   | quay.io/other:2 | quay.io/ref:1                    | true
            exactReference:quay.io/ref:1   | quay.io/ref:1   | quay.io/ref:2                    | false
            exactReference:quay.io/ref:1   | -               | quay.io/ref:1                    | true
            exactReference:busybox:latest  | -               | docker.io/library/busybox:latest | true
            exactReference:quay.io/ref@D   | -               | quay.io/ref@D                    | true
            exactReference:quay.io/ref@D   | -               | quay.io/ref@E                    | false
            exactReference:quay.io/ref:1   | -               | quay.io/ref                      | false
            exactRepository:quay.io/ref    | quay.io/x:1     | quay.io/ref:anything             | true
            exactRepository:quay.io/ref    | -               | quay.io/ref@D                    | true
            exactRepository:quay.io/ref    | -               | quay.io/ref                      | true
            exactRepository:quay.io/ref    | quay.io/ref:1   | quay.io/other:1                  | false
            exactRepository:busybox:tag    | -               | docker.io/library/busybox:x      | true
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quay/team/app:1  | quay.io/team/app:1  | true
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quay/team/app:1  | mirror.example.com/quay/team/app:1 | false
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quay/team/app:1  | quay.io/team/app:2  | false
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quay/team/app@D  | quay.io/team/app:v  | true
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quayx/app:1      | mirror.example.com/quayx/app:1 | true
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quayx/app:1      | quay.iox/app:1      | false
            remapIdentity:mirror.example.com/quay=quay.io | mirror.example.com/quay:1           | quay.io:1           | false
            remapIdentity:mirror.example.com=docker.io    | mirror.example.com/busybox:1        | docker.io/busybox:1 | false
            remapIdentity:mirror.example.com=docker.io    | mirror.example.com/library/busybox:1 | busybox:1          | true
            remapIdentity:localhost:5000=quay.io/ns        | localhost:5000/app:1                | quay.io/ns/app:1    | true
            remapIdentity:localhost=quay.io/ns             | localhost:5000/app:1                | quay.io/ns/app:1    | false
            remapIdentity:mirror.example.com/quay=quay.io | -                                   | quay.io/team/app:1  | false
            """)
    void matchesSignedIdentitiesLikeContainersImage(String identity, String image, String signed, boolean expected) {
        Optional<ImageReference> imageReference = image.equals("-") ? Optional.empty()
                : Optional.of(ImageReference.parse(digests(image)));

        IdentityMatch match = IdentityMatcher.matches(identity(identity), imageReference, digests(signed));

        assertThat(match.matched()).as(match.reason()).isEqualTo(expected);
        assertThat(match.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quay.io", "localhost:5000", "[::1]:5000", "busybox", "quay.io/ns/app", "Quay.io/app"})
    void acceptsRemapPrefixesThatContainersImageAccepts(String prefix) {
        assertThat(new RemapIdentity(prefix, "quay.io").prefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "quay.io/", "quay.io/App", "quay.io/ns/app:tag", "quay.io/a@" + "sha256:x", "-bad.io"})
    void rejectsInvalidRemapPrefixes(String prefix) {
        assertThatThrownBy(() -> new RemapIdentity(prefix, "quay.io")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> new RemapIdentity("quay.io", prefix)).hasMessageContaining("signedPrefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "quay.io/ns/app", "UPPER:1", ""})
    void exactReferenceNeedsATagOrDigestAndAValidReference(String reference) {
        assertThatThrownBy(() -> new ExactReference(reference)).isInstanceOf(IllegalArgumentException.class);
    }
}
