package io.cutovermonitor.service.bench;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Issue 19's target: a what-if over a migration of 100,000 events answers in <= 2 s. The migration: its FINAL sync,
 * then 100,000 reconciled chunks, one in a thousand mismatching. The answer's time against the time the ledger
 * takes only to read those events back (the floor of any replay), in the same run.
 * Run: {@code ./mvnw -B -Pbench -pl monitor-service verify -Dbench=WhatIfBenchmark} ({@code -Dbench.events=100000}).
 */
class WhatIfBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);

    @Test
    void aWhatIfOverAHundredThousandEvents() throws Exception {
        String migration = "what-if-bench";
        try (Testbed testbed = Testbed.start("what_if_bench");
             ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN",
                     "--monitor.security.users[0].name=lead", "--monitor.security.users[0].password={noop}bench",
                     "--monitor.security.users[0].roles=OPERATOR")) {
            BenchStream.produce(testbed.bootstrapServers(), EVENTS, i -> i == 0
                    ? BenchStream.finalSyncCompleted(migration) : BenchStream.chunk(migration, i, i % 1000 != 0));
            BenchStream.awaitApplied(service.getBean(MeterRegistry.class), EVENTS, Duration.ofMinutes(30));

            EventLedger ledger = service.getBean(EventLedger.class);
            ledger.arrivalsOf(migration); // warm
            long readStart = System.nanoTime();
            int read = ledger.arrivalsOf(migration).size();
            double readSeconds = (System.nanoTime() - readStart) / 1e9;

            String url = "http://127.0.0.1:" + Testbed.httpPort(service) + "/api/migrations/" + migration + "/what-if";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/yaml")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("lead:bench".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("integrity:\n  errors:\n    threshold: 5\n")).build();
            HttpClient http = HttpClient.newHttpClient();
            http.send(request, HttpResponse.BodyHandlers.ofString()); // warm: the first replay compiles the engine
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double answerSeconds = (System.nanoTime() - start) / 1e9;
            if (response.statusCode() != 200) {
                throw new AssertionError("what-if answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode answer = JsonMapper.builder().build().readTree(response.body());
            System.out.printf("%nWHAT-IF BENCHMARK (%,d events in the PostgreSQL ledger)%n", read);
            System.out.printf("  answered in          : %5.2f s (target <= 2 s), the replay itself %d ms%n",
                    answerSeconds, answer.get("replayMillis").asLong());
            System.out.printf("  the ledger's read    : %5.2f s (reading the events back, the floor of any replay)%n",
                    readSeconds);
            System.out.printf("  ratio read / answer  : %.2f; transitions under the draft %d, on record %d%n%n",
                    readSeconds / answerSeconds, answer.get("underDraft").size(), answer.get("onRecord").size());
        }
    }
}
