package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.service.ledger.EventLedger.Identity;
import io.cutovermonitor.service.rules.RuleApplication;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.TelemetryEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a run of valid events in one transaction: new ones go into the ledger, a re-delivery (same source and id,
 * same content) is a no-op, and the run stops at the first conflict (same source and id, other content), which is
 * not applied. New events go through the plan's rules in the same transaction, so the ledger, the rule state and
 * the alerts they raised commit together. The caller commits Kafka offsets only after this returns.
 */
@Service
public class TelemetryIngest {

    /** What happened to one event. */
    public enum Outcome { APPLIED, DUPLICATE }

    /** An event read from Kafka (or posted), with its record coordinates (null when not read from Kafka). */
    public record Incoming(ParseResult.Accepted accepted, Integer partition, Long offset) {
        TelemetryEvent event() {
            return accepted.event();
        }
    }

    /**
     * @param outcomes      one per applied-or-duplicate event, in order, up to the conflict
     * @param conflictIndex the index of the first conflicting event, or -1
     */
    public record Result(List<Outcome> outcomes, int conflictIndex) {
    }

    private final EventLedger ledger;
    private final RuleApplication rules;
    private final Clock clock;

    public TelemetryIngest(EventLedger ledger, RuleApplication rules, Clock clock) {
        this.ledger = ledger;
        this.rules = rules;
        this.clock = clock;
    }

    @Transactional
    public Result apply(List<Incoming> batch) {
        Map<Identity, String> known = new HashMap<>(ledger.storedHashes(batch.stream().map(Incoming::event).toList()));
        List<EventLedger.Entry> fresh = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        Instant arrivedAt = clock.instant();
        int conflictIndex = -1;
        for (int i = 0; i < batch.size(); i++) {
            TelemetryEvent event = batch.get(i).event();
            String storedHash = known.putIfAbsent(Identity.of(event), event.contentHash());
            if (storedHash == null) {
                Incoming in = batch.get(i);
                fresh.add(new EventLedger.Entry(event, in.accepted().structuredJson(), arrivedAt,
                        in.partition(), in.offset()));
                outcomes.add(Outcome.APPLIED);
            } else if (storedHash.equals(event.contentHash())) {
                outcomes.add(Outcome.DUPLICATE);
            } else {
                conflictIndex = i;
                break;
            }
        }
        boolean[] stored = ledger.append(fresh);
        markLostRaces(outcomes, stored);
        List<RuleApplication.Applied> applied = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            if (stored[i]) {
                EventLedger.Entry entry = fresh.get(i);
                applied.add(new RuleApplication.Applied(entry.event(), arrivedAt, entry.partition()));
            }
        }
        rules.apply(applied);
        return new Result(outcomes, conflictIndex);
    }

    /** An event another instance stored between our read and our insert is a duplicate, not an application. */
    private static void markLostRaces(List<Outcome> outcomes, boolean[] stored) {
        int freshIndex = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == Outcome.APPLIED && !stored[freshIndex++]) {
                outcomes.set(i, Outcome.DUPLICATE);
            }
        }
    }
}
