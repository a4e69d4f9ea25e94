package dev.vouch.gittarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessagesTest {
    private static FileEdit edit(String path, String stream, String tag, char digest, String... signers) {
        return new FileEdit(path, current -> current, new ChangeDescription(stream, tag,
                "sha256:" + String.valueOf(digest).repeat(64), List.of(signers)));
    }

    @Test
    void namesTheOneChangeInTheSubject() {
        assertThat(CommitMessages.of(List.of(edit("apps/web.yaml", "web", "prod", 'a', "Release <r@example.com>",
                "0903FE53C1C5B132A60CEA2729198375BBBAC3AB")))).isEqualTo("""
                Roll out web:prod sha256:aaaaaaaaaaaa

                web:prod sha256:%s in apps/web.yaml, signed by Release <r@example.com>, \
                0903FE53C1C5B132A60CEA2729198375BBBAC3AB
                """.formatted("a".repeat(64)));
    }

    @Test
    void countsImagesAndListsOneLinePerFile() {
        String message = CommitMessages.of(List.of(
                edit("apps/web.yaml", "web", "prod", 'a', "R"),
                edit("apps/web-canary.yaml", "web", "prod", 'a', "R"),
                edit("apps/api.yaml", "api", "1.4", 'b')));
        assertThat(message.lines().toList()).containsExactly(
                "Roll out 2 images: web:prod, api:1.4",
                "",
                "web:prod sha256:" + "a".repeat(64) + " in apps/web.yaml, signed by R",
                "web:prod sha256:" + "a".repeat(64) + " in apps/web-canary.yaml, signed by R",
                "api:1.4 sha256:" + "b".repeat(64) + " in apps/api.yaml, no signer recorded");
    }

    @Test
    void clipsALongSubject() {
        List<FileEdit> edits = List.of(edit("a.yaml", "a-very-long-stream-name", "production", 'a'),
                edit("b.yaml", "another-very-long-stream-name", "production", 'b'),
                edit("c.yaml", "third", "x", 'c'));
        String subject = CommitMessages.of(edits).lines().findFirst().orElseThrow();
        assertThat(subject).hasSize(72).startsWith("Roll out 3 images: a-very-long-stream-name:production, ")
                .endsWith("...");
    }
}
