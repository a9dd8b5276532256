package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.ledger.ArchivedMigrations;
import io.cutovermonitor.service.metrics.IngestMetrics;
import io.cutovermonitor.service.metrics.MigrationMetrics;
import io.cutovermonitor.validators.event.EventType;
import io.cutovermonitor.validators.event.ParseResult;
import io.cutovermonitor.validators.event.PlanEvent;
import io.cutovermonitor.validators.event.Rejection;
import io.cutovermonitor.validators.event.TelemetryEvent;
import io.cutovermonitor.validators.plan.PlanLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code migration.telemetry} in batches. The valid run before the first bad record is applied in one
 * transaction; the bad record is handed to Spring Kafka's error handler as a {@link RefusedRecordException}, which
 * commits what came before, dead-letters it with its reason, and delivers the rest again. When the transaction
 * itself fails (the database is unreachable), a {@link LedgerUnavailableException} names the batch's first record,
 * so the handler retries from there without end and never dead-letters a record for it. When the database refuses
 * the batch for the data of one event ({@link LedgerFailure#DATA}), the run is applied again one event at a time:
 * those before it are applied, it is dead-lettered as {@code unstorable}, and the partition goes on. A decision the
 * decision API did not sign is refused like a record that breaks the contract ({@code unsigned_decision}), and so are
 * a plan change the plan API did not sign ({@code unsigned_plan}) and an event of an archived migration
 * ({@code archived}).
 */
@Component
class TelemetryListener {

    /** The listener's id in Spring Kafka's {@code KafkaListenerEndpointRegistry}: its container is looked up by it. */
    static final String ID = "telemetry";

    private static final LogAccessor LOG = new LogAccessor(TelemetryListener.class);

    private final TelemetryIngest ingest;
    private final IngestMetrics metrics;
    private final MigrationMetrics migrationMetrics;
    private final DecisionSeal decisions;
    private final ArchivedMigrations archive;
    private final Clock clock;

    TelemetryListener(TelemetryIngest ingest, IngestMetrics metrics, MigrationMetrics migrationMetrics,
                      DecisionSeal decisions, ArchivedMigrations archive, Clock clock) {
        this.archive = archive;
        this.ingest = ingest;
        this.metrics = metrics;
        this.migrationMetrics = migrationMetrics;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * The consumer group is {@code spring.kafka.consumer.group-id} ({@code cutover-monitor} by default), not the
     * listener id: a second group (a replay into a fresh ledger) is one setting away.
     */
    @KafkaListener(id = ID, idIsGroup = false, topics = "${monitor.topics.telemetry:migration.telemetry}",
            batch = "true")
    void onTelemetry(List<ConsumerRecord<String, ParseResult.Accepted>> records) {
        List<TelemetryIngest.Incoming> run = new ArrayList<>();
        int firstBad = -1;
        for (int i = 0; i < records.size() && firstBad < 0; i++) {
            ConsumerRecord<String, ParseResult.Accepted> record = records.get(i);
            if (record.value() == null || refusal(record.value()) != null) {
                firstBad = i;
            } else {
                run.add(new TelemetryIngest.Incoming(record.value(), record.partition(), record.offset()));
            }
        }
        try {
            applyAndCount(records, run, 0);
        } catch (RuntimeException e) {
            if (e instanceof RefusedRecordException || LedgerFailure.of(e) == LedgerFailure.TRANSIENT) {
                throw retryFrom(e, 0);
            }
            // the database refused one of them for its data: find which by applying the run one event at a time
            for (int i = 0; i < run.size(); i++) {
                try {
                    applyAndCount(records, run.subList(i, i + 1), i);
                } catch (RefusedRecordException refused) {
                    throw refused;
                } catch (RuntimeException one) {
                    if (LedgerFailure.of(one) == LedgerFailure.TRANSIENT) {
                        throw retryFrom(one, i);
                    }
                    throw new RefusedRecordException("unstorable event",
                            new UnstorableEventException(run.get(i).event(), one), i);
                }
            }
        }
        if (firstBad >= 0) {
            throw new RefusedRecordException("rejected record", rejection(records.get(firstBad)), firstBad);
        }
    }

    /**
     * Applies the events in one transaction and counts them; a conflict is refused at its index.
     *
     * @param from the index in {@code records} of the first event of {@code run}
     */
    private void applyAndCount(List<ConsumerRecord<String, ParseResult.Accepted>> records,
                               List<TelemetryIngest.Incoming> run, int from) {
        TelemetryIngest.Result result = ingest.apply(run);
        count(records, run, result, from);
        if (result.conflictIndex() >= 0) {
            TelemetryEvent conflicting = run.get(result.conflictIndex()).event();
            throw new RefusedRecordException("conflicting event", new ConflictingEventException(conflicting),
                    from + result.conflictIndex());
        }
    }

    /**
     * Thrown as it is, a failed transaction would take Spring Kafka's whole-batch retry, which dead-letters every
     * record of the batch once a retry fails for another reason (a bad record met after the database came back):
     * valid events skipped. Named at the first record not applied, it is retried per record, without end.
     */
    private static RuntimeException retryFrom(RuntimeException failure, int index) {
        return failure instanceof RefusedRecordException ? failure : new LedgerUnavailableException(failure, index);
    }

    private void count(List<ConsumerRecord<String, ParseResult.Accepted>> records,
                       List<TelemetryIngest.Incoming> run, TelemetryIngest.Result result, int from) {
        Instant now = clock.instant();
        for (int i = 0; i < result.outcomes().size(); i++) {
            TelemetryEvent event = run.get(i).event();
            String type = event.type().ceType();
            if (result.outcomes().get(i) == TelemetryIngest.Outcome.APPLIED) {
                metrics.accepted(type);
                metrics.eventTime(event.migrationId(), type, event.time());
                migrationMetrics.applied(event);
            } else {
                metrics.duplicate(type);
            }
            metrics.processed(Duration.between(Instant.ofEpochMilli(records.get(from + i).timestamp()), now));
        }
    }

    /**
     * Why a valid event is refused: a decision or plan change the monitor's API did not sign, a plan that does not
     * load, or its migration was archived.
     */
    private RejectedEventException refusal(ParseResult.Accepted accepted) {
        TelemetryEvent event = accepted.event();
        String unsigned = decisions.refusal(accepted);
        if (unsigned != null) {
            return new RejectedEventException(event.type() == EventType.PLAN ? IngestMetrics.UNSIGNED_PLAN
                    : IngestMetrics.UNSIGNED_DECISION, event.type().ceType(), unsigned);
        }
        if (event.data() instanceof PlanEvent plan) {
            // the plan API checks the plan before it seals it; this is a stream written by hand (accept-unsigned)
            try {
                PlanLoader.fromText(plan.plan(), plan.migrationId());
            } catch (RuntimeException e) {
                return new RejectedEventException(Rejection.Reason.IMPOSSIBLE_VALUE.label(), event.type().ceType(),
                        "data.plan: not a valid plan: " + e.getMessage());
            }
        }
        if (archive.isArchived(event.migrationId())) {
            return new RejectedEventException(IngestMetrics.ARCHIVED, event.type().ceType(), "migration "
                    + event.migrationId() + " is archived: reopen it (POST /api/migrations/{id}/reopen) before it "
                    + "takes events again");
        }
        return null;
    }

    /**
     * Why a record is refused: {@link #refusal}, or the reason the deserializer gave, carried in the record's headers
     * by the ErrorHandlingDeserializer.
     */
    private RuntimeException rejection(ConsumerRecord<String, ParseResult.Accepted> record) {
        if (record.value() != null) {
            return refusal(record.value());
        }
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        if (failure == null) {
            return new RejectedEventException("not_json", null, "empty record (no value)");
        }
        return failure;
    }
}
