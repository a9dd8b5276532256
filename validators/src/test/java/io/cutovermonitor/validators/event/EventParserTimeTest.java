package io.cutovermonitor.validators.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTimeTest {

    @Test
    void theUtcFastPathAndTheGeneralFormAgree() {
        assertThat(EventParser.parseTime("2025-11-15T22:00:00Z")).isEqualTo(Instant.parse("2025-11-15T22:00:00Z"));
        assertThat(EventParser.parseTime("2025-11-16T07:00:00+09:00")).isEqualTo(Instant.parse("2025-11-15T22:00:00Z"));
        assertThat(EventParser.parseTime("2025-11-15T22:00:00.250Z")).isEqualTo(Instant.parse("2025-11-15T22:00:00.250Z"));
    }

    @Test
    void impossibleDatesAreRefusedOnTheFastPathToo() {
        assertThatThrownBy(() -> EventParser.parseTime("2025-02-30T22:00:00Z")).isInstanceOf(java.time.DateTimeException.class);
        assertThatThrownBy(() -> EventParser.parseTime("2025-1x-15T22:00:00Z")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> EventParser.parseTime("2025-11-15 22:00:00")).isInstanceOf(DateTimeParseException.class);
    }
}
