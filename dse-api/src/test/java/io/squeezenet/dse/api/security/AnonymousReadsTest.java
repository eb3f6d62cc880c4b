package io.squeezenet.dse.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.squeezenet.dse.api.security.SecuritySettings.AnonymousReads;
import org.junit.jupiter.api.Test;

/** Reads without a token: only on loopback by default, as decided from the address the server listens on. */
class AnonymousReadsTest {

    @Test
    void onlyALoopbackBindAllowsThemUnlessTheOperatorDecides() {
        SecuritySettings loopback = new SecuritySettings(null, null, null, null);
        assertThat(SecurityConfig.anonymousReads(loopback, "127.0.0.1")).isTrue();
        assertThat(SecurityConfig.anonymousReads(loopback, "::1")).isTrue();
        assertThat(SecurityConfig.anonymousReads(loopback, "0.0.0.0")).isFalse();
        assertThat(SecurityConfig.anonymousReads(loopback, null)).as("no address: every interface").isFalse();
        assertThat(SecurityConfig.anonymousReads(new SecuritySettings(AnonymousReads.ALWAYS, null, null, null), "0.0.0.0")).isTrue();
        assertThat(SecurityConfig.anonymousReads(new SecuritySettings(AnonymousReads.NEVER, null, null, null), "127.0.0.1")).isFalse();
    }
}
