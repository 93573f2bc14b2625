package dev.labconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --registry accepts: a host:port on this machine only. */
class PracticeRegistryTest {

    @Test
    void onlyALoopbackHostWithAPortIsAPracticeRegistry() {
        assertThat(PracticeRegistry.isLoopback("127.0.0.1:5001")).isTrue();
        assertThat(PracticeRegistry.isLoopback(" localhost:5001 ")).isTrue();
        assertThat(PracticeRegistry.isLoopback("[::1]:5001")).isTrue();
        assertThat(PracticeRegistry.isLoopback("127.0.0.1")).as("no port").isFalse();
        assertThat(PracticeRegistry.isLoopback("[::1]")).as("no port").isFalse();
        assertThat(PracticeRegistry.isLoopback("127.0.0.1:0")).isFalse();
        assertThat(PracticeRegistry.isLoopback("127.0.0.1:70000")).isFalse();
        assertThat(PracticeRegistry.isLoopback("10.0.0.5:5001")).as("another machine").isFalse();
        assertThat(PracticeRegistry.isLoopback("127.0.0.1.example.com:5001")).isFalse();
        assertThat(PracticeRegistry.isLoopback(null)).isFalse();
    }
}
