package dev.vouch.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RegistryFixture} for all the tests of a class, started before them in a temporary directory of its own
 * and stopped, its directory removed, after them. A class registers it as a static field and is handed the fixture
 * before its own {@code @BeforeAll} methods run:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);
 * }</pre>
 */
public final class RegistryFixtureExtension implements BeforeAllCallback, AfterAllCallback {
    private final Consumer<RegistryFixture> started;
    private Path work;
    private RegistryFixture fixture;

    /** @param started told the fixture once it runs (typically stores it in the test class's static field) */
    public RegistryFixtureExtension(Consumer<RegistryFixture> started) {
        this.started = Objects.requireNonNull(started, "started");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("vouch-registry-fixture");
        fixture = RegistryFixture.start(work.resolve("fixture"));
        started.accept(fixture);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(RegistryFixtureExtension::delete);
            }
            work = null;
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
