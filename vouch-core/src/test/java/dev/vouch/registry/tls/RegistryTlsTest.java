package dev.vouch.registry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.testing.registry.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTlsTest {
    @TempDir
    Path dir;

    @Test
    void loadsCertificateAuthoritiesAndClientKeyPairs() throws Exception {
        TestCertificates.Issued ca = TestCertificates.authority("test CA");
        Files.writeString(dir.resolve("ca.crt"), TestCertificates.pem(ca.certificate()));
        TestCertificates.server(ca).write(dir.resolve("client.cert"), dir.resolve("client.key"));
        assertThat(RegistryTls.context(Optional.of(dir), true)).isNotNull();
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAnError() throws Exception {
        TestCertificates.Issued ca = TestCertificates.authority("test CA");
        Files.writeString(dir.resolve("client.cert"), TestCertificates.pem(ca.certificate()));
        assertThatThrownBy(() -> RegistryTls.context(Optional.of(dir), true))
                .hasMessageContaining("missing key client.key");
    }

    @Test
    void aKeyWithoutItsClientCertificateIsAnError() throws Exception {
        Files.writeString(dir.resolve("client.key"), TestCertificates.pem(TestCertificates.rsaKeyPair().getPrivate()));
        assertThatThrownBy(() -> RegistryTls.context(Optional.of(dir), true))
                .hasMessageContaining("missing client certificate client.cert");
    }

    @Test
    void certDirGivenExplicitlyIsUsedAsIs() {
        assertThat(CertsDirectories.forRegistry("h:5000", Optional.of(dir), dir)).contains(dir);
    }

    @Test
    void theUsersCertsDirectoryIsFoundForAHostAndPort() throws Exception {
        Path user = Files.createDirectories(dir.resolve(".config/containers/certs.d/h:5000"));
        assertThat(CertsDirectories.forRegistry("h:5000", Optional.empty(), dir)).contains(user);
        assertThat(CertsDirectories.forRegistry("other:5000", Optional.empty(), dir)).isEmpty();
    }
}
