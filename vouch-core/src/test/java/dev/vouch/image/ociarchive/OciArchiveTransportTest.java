package dev.vouch.image.ociarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.TestImages;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTransportTest {
    private static final SourceContext CONTEXT = SourceContext.defaults();
    private static final String APP_DIGEST = "sha256:9059e13318e2f1d80d943a3a3ea3650b6b54feceec7ce1620e92cec54510eb4d";

    @TempDir
    Path tmp;

    @Test
    void readsTheNamedImageOfAnArchiveMadeBySkopeo() throws Exception {
        Path archive = TestImages.fixture("oci-archive-single.tar");
        try (ImageSource source = OciArchiveTransport.INSTANCE.parseReference(archive + ":app").newImageSource(CONTEXT)) {
            assertThat(ManifestDigests.digest(source.manifest().bytes())).hasToString(APP_DIGEST);
            assertThat(source.signatures()).isEmpty();
        }
    }

    @Test
    void deletesItsTemporaryDirectoryOnClose() throws Exception {
        List<Path> before = extractionDirectories();
        Path archive = TestImages.fixture("oci-archive-single.tar");
        ImageSource source = OciArchiveTransport.INSTANCE.parseReference(archive + ":app").newImageSource(CONTEXT);
        assertThat(extractionDirectories()).hasSize(before.size() + 1);
        source.close();
        assertThat(extractionDirectories()).hasSameSizeAs(before);
    }

    @Test
    void identityIsTheResolvedArchivePath() throws IOException {
        Path archive = Files.copy(TestImages.fixture("oci-archive-single.tar"), tmp.resolve("a.tar"));
        TransportReference ref = OciArchiveTransport.INSTANCE.parseReference(tmp + "/./a.tar:app");
        assertThat(ref.policyConfigurationIdentity()).isEqualTo(archive.toRealPath().toString());
        assertThat(ref.policyConfigurationNamespaces().get(0)).isEqualTo(archive.toRealPath().toString());
        assertThat(ref.policyConfigurationNamespaces().get(1)).isEqualTo(tmp.toRealPath().toString());
    }

    @Test
    void readsAGzipCompressedArchive() throws Exception {
        Path archive = tmp.resolve("a.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            Files.copy(TestImages.fixture("oci-archive-single.tar"), out);
        }
        try (ImageSource source = OciArchiveTransport.INSTANCE.parseReference(archive + ":app").newImageSource(CONTEXT)) {
            assertThat(ManifestDigests.digest(source.manifest().bytes())).hasToString(APP_DIGEST);
        }
    }

    @Test
    void refusesAbsoluteEntryNames() throws Exception {
        assertUnsafe(tar(file("/etc/index.json", "{}")), "absolute path");
    }

    @Test
    void refusesEntriesThatClimbOutOfTheRoot() throws Exception {
        assertUnsafe(tar(file("blobs/../../index.json", "{}")), "..");
    }

    @Test
    void refusesSymlinksEscapingTheRoot() throws Exception {
        assertUnsafe(tar(symlink("blobs/sha256/x", "../../../etc/passwd")), "outside the archive");
        assertUnsafe(tar(symlink("index.json", "/etc/passwd")), "absolute path");
        assertUnsafe(tar(hardlink("index.json", "../secret")), "outside the archive");
    }

    @Test
    void refusesDuplicateEntries() throws Exception {
        assertUnsafe(tar(file("index.json", "{}"), file("./index.json", "{}")), "more than once");
    }

    @Test
    void refusesAnOversizedIndex() throws Exception {
        Path archive = tar(file("index.json", "x".repeat(2000)));
        assertThatThrownBy(() -> open(archive, new TarLimits(100, 1000, 10_000, 1_000_000)))
                .isInstanceOf(IOException.class).hasMessageContaining("index.json").hasMessageContaining("limit");
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        Entry[] entries = Stream.iterate(0, i -> i + 1).limit(20).map(i -> file("f" + i, "")).toArray(Entry[]::new);
        assertThatThrownBy(() -> open(tar(entries), new TarLimits(10, 1000, 10_000, 1_000_000)))
                .isInstanceOf(IOException.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void refusesACompressionBomb() throws Exception {
        Path archive = tmp.resolve("bomb.tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
            TarArchiveEntry entry = new TarArchiveEntry("blobs/sha256/" + "a".repeat(64));
            entry.setSize(50_000_000);
            out.putArchiveEntry(entry);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 50_000_000 / zeros.length; i++) {
                out.write(zeros);
            }
            out.write(new byte[50_000_000 % zeros.length]);
            out.closeArchiveEntry();
        }
        assertThat(Files.size(archive)).isLessThan(1_000_000);
        assertThatThrownBy(() -> open(archive, new TarLimits(100, 1000, 10_000, 10_000_000)))
                .isInstanceOf(IOException.class).hasMessageContaining("more than 10000000 bytes");
    }

    @Test
    void refusesDevices() throws Exception {
        Path archive = tmp.resolve("dev.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            TarArchiveEntry entry = new TarArchiveEntry("index.json", TarArchiveEntry.LF_CHR);
            out.putArchiveEntry(entry);
            out.closeArchiveEntry();
        }
        assertUnsafe(archive, "device");
    }

    @Test
    void namesTheArchiveWhenTheLayoutIsIncomplete() throws Exception {
        Path archive = tar(file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
        assertThatThrownBy(() -> open(archive, TarLimits.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("oci-archive:" + archive).hasMessageContaining("index.json");
    }

    private void assertUnsafe(Path archive, String reason) {
        assertThatThrownBy(() -> open(archive, TarLimits.DEFAULT)).isInstanceOf(IOException.class)
                .hasMessageContaining("unsafe or unreadable archive").hasMessageContaining(reason);
    }

    private static void open(Path archive, TarLimits limits) throws IOException {
        OciArchiveReference ref = OciArchiveReference.of(archive.toString()).withLimits(limits);
        ref.newImageSource(CONTEXT).close();
    }

    private record Entry(String name, byte type, String content, String link) {
    }

    private static Entry file(String name, String content) {
        return new Entry(name, TarArchiveEntry.LF_NORMAL, content, null);
    }

    private static Entry symlink(String name, String target) {
        return new Entry(name, TarArchiveEntry.LF_SYMLINK, "", target);
    }

    private static Entry hardlink(String name, String target) {
        return new Entry(name, TarArchiveEntry.LF_LINK, "", target);
    }

    private Path tar(Entry... entries) throws IOException {
        Path archive = Files.createTempFile(tmp, "archive", ".tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
                byte[] content = e.content().getBytes(StandardCharsets.UTF_8);
                if (e.link() != null) {
                    entry.setLinkName(e.link());
                } else {
                    entry.setSize(content.length);
                }
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static List<Path> extractionDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("vouch-oci-archive-")).toList();
        }
    }
}
