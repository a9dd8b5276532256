package io.cutovermonitor.service.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-off of the telemetry error handler never gives up: a retryable failure (the database away) is retried
 * for as long as it lasts and never reaches the dead-letter recoverer. {@code DatabaseOutageIT} shows the retries
 * of a 30-second outage; this shows there is no attempt or time limit behind them.
 */
class DeadLetterConfigurationTest {

    @Test
    void theRetryBackOffNeverStopsAndSettlesAtTenSeconds() {
        // Given the back-off the error handler retries with
        BackOffExecution execution = DeadLetterConfiguration.retryBackOff().start();

        // When it is asked for a million retries (more than three months at 10 s each)
        long first = execution.nextBackOff();
        long last = first;
        for (int attempt = 2; attempt <= 1_000_000; attempt++) {
            last = execution.nextBackOff();
            assertThat(last).as("back-off before attempt %d", attempt).isNotEqualTo(BackOffExecution.STOP);
        }

        // Then it starts at 200 ms and is still retrying every 10 s
        assertThat(first).isEqualTo(200);
        assertThat(last).isEqualTo(10_000);
    }
}
