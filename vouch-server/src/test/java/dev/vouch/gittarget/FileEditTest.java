package dev.vouch.gittarget;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileEditTest {
    private static final ChangeDescription CHANGE = new ChangeDescription("web", "prod",
            "sha256:" + "a".repeat(64), List.of());

    @ParameterizedTest
    @ValueSource(strings = {"web.yaml", "apps/web.yaml", "a/b/c/.hidden.yaml", "apps/..web.yaml", "x.git"})
    void acceptsRelativePathsInsideTheTarget(String path) {
        assertThatCode(() -> new FileEdit(path, current -> current, CHANGE)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../outside.yaml", "apps/../../outside.yaml", "apps/./web.yaml",
            "apps//web.yaml", "apps/", ".git/config", "apps/.GIT/hooks/pre-commit", "apps\\web.yaml",
            "apps/web\n.yaml", "."})
    void rejectsPathsThatLeaveTheTargetOrTouchGit(String path) {
        assertThatThrownBy(() -> new FileEdit(path, current -> current, CHANGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("path must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "web\nInjected: line", "web\r"})
    void rejectsDescriptionsThatWouldBreakTheCommitMessage(String stream) {
        assertThatThrownBy(() -> new ChangeDescription(stream, "prod", "sha256:" + "a".repeat(64), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stream must");
    }
}
