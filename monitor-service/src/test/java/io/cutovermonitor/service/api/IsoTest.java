package io.cutovermonitor.service.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTest {

    @Test
    void durationsAreIso8601AndANegativeOneHasALeadingSign() {
        assertThat(Iso.duration(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
        assertThat(Iso.duration(Duration.ofMinutes(-90))).isEqualTo("-PT1H30M");
        assertThat(Duration.parse(Iso.duration(Duration.ofMinutes(-90)))).isEqualTo(Duration.ofMinutes(-90));
        assertThat(Iso.duration(null)).isNull();
    }

    @Test
    void instantsAreUtc() {
        assertThat(Iso.instant(Instant.parse("2025-11-15T22:00:00Z"))).isEqualTo("2025-11-15T22:00:00Z");
    }
}
