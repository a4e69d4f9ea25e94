package dev.vouch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void createNewWritesTheContentWithThePermissionsAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("secret.key");
        AtomicFiles.createNew(target, "content".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(target)).isEqualTo("content");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void createNewNeverReplacesAFileOrFollowsASymbolicLink() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing"), "old");
        Path victim = Files.writeString(dir.resolve("victim"), "untouched");
        Path link = Files.createSymbolicLink(dir.resolve("link"), victim);
        for (Path target : new Path[] {existing, link}) {
            assertThatThrownBy(() -> AtomicFiles.createNew(target, "new".getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-------"))).isInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(Files.readString(existing)).isEqualTo("old");
        assertThat(Files.readString(victim)).isEqualTo("untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void replaceReplacesTheContent() throws Exception {
        Path target = Files.writeString(dir.resolve("file"), "old");
        AtomicFiles.replace(target, "new".getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.readString(target)).isEqualTo("new");
    }
}
