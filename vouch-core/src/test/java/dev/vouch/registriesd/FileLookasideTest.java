package dev.vouch.registriesd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSimpleSignature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLookasideTest {
    private static final Digest DIGEST =
            Digest.parse("sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f");

    @TempDir
    Path store;

    private URI repository() throws Exception {
        return LookasidePaths.repositoryBase(LookasidePaths.parseBase(store.toUri().toString()),
                ImageReference.parse("quay.io/team/app:1"));
    }

    @Test
    void writesAtTheFirstFreeNumberAndReadsBackInOrder() throws Exception {
        Path first = FileLookaside.add(repository(), DIGEST, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3, 1}));
        Path second = FileLookaside.add(repository(), DIGEST, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3, 2}));
        assertThat(first).isEqualTo(store.resolve("team/app@sha256=" + DIGEST.encoded() + "/signature-1"));
        assertThat(second.getFileName()).hasToString("signature-2");
        assertThat(LookasideSignatures.read(FileLookaside.INSTANCE, repository(), DIGEST))
                .extracting(s -> ((UntrustedSimpleSignature) s).untrustedOpenPgpMessage()[1])
                .containsExactly((byte) 1, (byte) 2);
        try (var files = Files.list(first.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("signature-1",
                    "signature-2");
        }
    }

    @Test
    void noDirectoryMeansNoSignatures() throws Exception {
        assertThat(LookasideSignatures.read(FileLookaside.INSTANCE, repository(), DIGEST)).isEmpty();
    }

    @Test
    void anUndecodableSignatureIsAnErrorNotAnEmptyList() throws Exception {
        Path directory = Files.createDirectories(store.resolve("team/app@sha256=" + DIGEST.encoded()));
        Files.writeString(directory.resolve("signature-1"), "garbage");
        assertThatThrownBy(() -> LookasideSignatures.read(FileLookaside.INSTANCE, repository(), DIGEST))
                .isInstanceOf(IOException.class).hasMessageContaining("signature-1");
    }

    @Test
    void anUnreadableSignatureIsAnError() throws Exception {
        Path directory = Files.createDirectories(store.resolve("team/app@sha256=" + DIGEST.encoded()));
        Files.createDirectory(directory.resolve("signature-1"));
        assertThatThrownBy(() -> LookasideSignatures.read(FileLookaside.INSTANCE, repository(), DIGEST))
                .isInstanceOf(IOException.class).hasMessageContaining("signature-1");
    }

    @Test
    void refusesSchemesItCannotRead() throws Exception {
        URI https = LookasidePaths.repositoryBase(LookasidePaths.parseBase("https://sigs.example"),
                ImageReference.parse("quay.io/a:1"));
        assertThatThrownBy(() -> LookasideSignatures.read(FileLookaside.INSTANCE, https, DIGEST))
                .isInstanceOf(IOException.class).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> FileLookaside.add(https, DIGEST, new UntrustedSimpleSignature(new byte[] {(byte) 0xA3})))
                .isInstanceOf(IOException.class);
    }
}
