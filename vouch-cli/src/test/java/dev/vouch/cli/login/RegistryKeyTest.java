package dev.vouch.cli.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.cli.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryKeyTest {

    @ParameterizedTest
    @CsvSource({
            "quay.io, quay.io, quay.io",
            "localhost:5000, localhost:5000, localhost:5000",
            "https://quay.io/, quay.io, quay.io",
            "http://host:5000, host:5000, host:5000",
            "index.docker.io, docker.io, docker.io",
            "quay.io/team, quay.io/team, quay.io",
            "host:5000/a/b, host:5000/a/b, host:5000",
    })
    void readsAHostOrANamespaceAsPodmanDoes(String argument, String key, String registry) {
        assertThat(RegistryKey.parse(argument)).isEqualTo(new RegistryKey(key, registry));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "quay.io/team:tag", "quay.io/Team", "quay.io/a@sha256:00", "a b"})
    void rejectsWhatIsNotARegistryOrRepository(String argument) {
        assertThatThrownBy(() -> RegistryKey.parse(argument)).isInstanceOf(UserInputException.class);
    }
}
