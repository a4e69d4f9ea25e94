package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpNoDelayTest {
    private final String before = System.getProperty(TcpNoDelay.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TcpNoDelay.PROPERTY);
        } else {
            System.setProperty(TcpNoDelay.PROPERTY, before);
        }
    }

    @Test
    void switchesNoDelayOnUnlessTheCommandLineSaidOtherwise() {
        System.clearProperty(TcpNoDelay.PROPERTY);
        TcpNoDelay.enable();
        assertThat(System.getProperty(TcpNoDelay.PROPERTY)).isEqualTo("true");

        System.setProperty(TcpNoDelay.PROPERTY, "false");
        TcpNoDelay.enable();
        assertThat(System.getProperty(TcpNoDelay.PROPERTY)).isEqualTo("false");
    }
}
