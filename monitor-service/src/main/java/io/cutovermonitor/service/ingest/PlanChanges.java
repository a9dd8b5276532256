package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.validators.event.CloudEventWriter;
import io.cutovermonitor.validators.event.EventParser;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts a plan the way every instance and every replay sees it: as a sealed {@code migration.plan.v1} on the
 * telemetry topic, keyed by the migration like its events, so it falls in order among them. The consumer that
 * applies it keeps it as the migration's next plan version and re-judges the migration's history under it
 * ({@code RuleApplication}); a replay of the topic does the same at the same place.
 */
@Component
public class PlanChanges {

    /** The source of every plan change: the plan API. */
    public static final String SOURCE = "/cutover-monitor/api/plan";
    private static final Duration POLL = Duration.ofMillis(50);

    private final EventParser parser;
    private final DecisionSeal seal;
    private final EventPublisher publisher;
    private final PlanRegistry plans;
    private final Clock clock;

    PlanChanges(EventParser parser, DecisionSeal seal, EventPublisher publisher, PlanRegistry plans, Clock clock) {
        this.parser = parser;
        this.seal = seal;
        this.publisher = publisher;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * What putting a plan came to.
     *
     * @param version the plan version it became, once applied (empty: not applied within the wait)
     */
    public record Put(TelemetryEvent event, Optional<Integer> version) {
    }

    /**
     * Checks the plan (a {@link io.cutovermonitor.validators.plan.PlanException} with its line when it is not one),
     * puts it on the topic, and waits up to {@code wait} for the consumer to apply it.
     *
     * @throws IllegalArgumentException the plan cannot travel as an event (over {@code Limits.MAX_PLAN_TEXT})
     */
    public Put put(String migrationId, String text, String by, String account, Duration wait)
            throws EventPublisher.NotAcknowledgedException, InterruptedException {
        PlanLoader.fromText(text, migrationId);
        String event = CloudEventWriter.structured(UUID.randomUUID().toString(), SOURCE,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), new PlanEvent(migrationId, text, by, account));
        // the same parser as the consumer's: what is put here is applied there
        ParseResult result = parser.parseStructured(event.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ParseResult.Accepted unsealed)) {
            throw new IllegalArgumentException(((ParseResult.Rejected) result).rejection().message());
        }
        ParseResult.Accepted sealed = seal.seal(unsealed);
        publisher.publish(List.of(sealed));
        EventLedger.Identity identity = EventLedger.Identity.of(sealed.event());
        long until = System.nanoTime() + wait.toNanos();
        Optional<Integer> version = plans.versionOf(identity);
        while (version.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(POLL.toMillis());
            version = plans.versionOf(identity);
        }
        if (version.isPresent()) {
            plans.refresh(migrationId); // another instance may have applied it
        }
        return new Put(sealed.event(), version);
    }
}
