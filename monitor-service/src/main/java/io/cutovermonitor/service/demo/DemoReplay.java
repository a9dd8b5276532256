package io.cutovermonitor.service.demo;

import io.cutovermonitor.service.ingest.EventPublisher;
import io.cutovermonitor.service.ingest.PlanChanges;
import io.cutovermonitor.service.ledger.EventLedger;
import io.cutovermonitor.validators.event.ContentTypes;
import io.cutovermonitor.service.broker.TopicNames;
import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.rules.PlanRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --monitor.demo.enabled=true}: once the service is ready, replays the OMS cutover of {@link DemoScenario} into
 * the service's own {@code migration.telemetry} topic, exactly as migration tools would produce it (structured
 * CloudEvents, key = migration id), in compressed time.
 *
 * <p>Clock: the cutover starts {@code lead-in} (1 h) of event time after the moment the demo starts. Everything
 * before the lead-in (preparation, rehearsals, the syncs: weeks of history) is published at once, at its times
 * before now; from there event time advances {@code speed} times as fast as the wall clock, after go-live
 * {@code observation-speed} times, and a quiet stretch of the observation period longer than {@code max-pause} of
 * wall time (a night) is skipped. So the cutover and
 * what follows run ahead of the wall clock: its event times lie in the future. That is deliberate: the monitor shows
 * a running cutover's elapsed time against the later of event time and wall clock, so event times in the past
 * would make a replayed cutover look days long. Such a stream is never "live" (its events are far from their
 * arrival), so the monitor judges it on event time alone, as it would judge a replay.
 */
@Component
@ConditionalOnBooleanProperty("monitor.demo.enabled")
class DemoReplay implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DemoReplay.class);

    private final DemoProperties settings;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final EventLedger ledger;
    private final Clock clock;
    private final Environment environment;
    private final DecisionSeal seal;
    private final PlanRegistry plans;
    private final PlanChanges planChanges;
    private volatile Thread player;

    DemoReplay(DemoProperties settings, KafkaTemplate<String, byte[]> kafka, TopicNames topics, EventLedger ledger,
               Clock clock, Environment environment, DecisionSeal seal, PlanRegistry plans, PlanChanges planChanges) {
        this.seal = seal;
        this.plans = plans;
        this.planChanges = planChanges;
        this.settings = settings;
        this.kafka = kafka;
        this.topics = topics;
        this.ledger = ledger;
        this.clock = clock;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Thread thread = new Thread(this::play, "cutover-demo");
        thread.setDaemon(true);
        player = thread;
        thread.start();
    }

    @Override
    public void destroy() throws InterruptedException {
        Thread thread = player;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void play() {
        try {
            String migrationId = freeMigrationId();
            putThePlan(migrationId);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant cutoverStart = now.plus(settings.leadIn());
            List<DemoScenario.Record> records = DemoScenario.generate(migrationId, cutoverStart, settings.seed());
            long[] wallNanos = schedule(records, now, settings);
            announce(migrationId, records, wallNanos);
            long started = System.nanoTime();
            boolean historySent = false;
            for (int i = 0; i < records.size(); i++) {
                if (!historySent && wallNanos[i] > 0) {
                    kafka.flush();
                    historySent = true;
                    LOG.info("Demo " + migrationId + ": history published (" + i + " events); the cutover plays live from here");
                }
                long wait = started + wallNanos[i] - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                send(migrationId, records.get(i));
            }
            kafka.flush();
            LOG.info("Demo " + migrationId + ": all " + records.size() + " events published. Evidence report: "
                    + baseUrl() + "/api/migrations/" + migrationId + "/report");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Demo stopped: the service is shutting down");
        } catch (RuntimeException e) {
            LOG.error("Demo failed: " + e.getMessage(), e);
        }
    }

    private void send(String migrationId, DemoScenario.Record r) {
        // the demo's decisions are the decision API's in a real cutover: sealed, or the consumer would refuse them
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.telemetry(), migrationId,
                seal.sealIfDecision(r.value()));
        record.headers().add("content-type", ContentTypes.STRUCTURED.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Demo event " + r.id() + " was not written to " + topics.telemetry() + ": " + failure.getMessage());
            }
        });
        if (r.milestone() != null) {
            LOG.info("Demo " + migrationId + " @ " + r.time() + ": " + r.milestone());
        }
    }

    /**
     * When (nanoseconds after the demo starts) each event is published: at once up to {@code playFrom}; after it,
     * the event-time gap to the previous event divided by {@code speed}; after go-live divided by
     * {@code observation-speed} and never more than {@code maxPause} (the nights of parallel operation); and a
     * live decision answering a rollback trigger no sooner than {@code decisionHold} after the event before it, so the open trigger stays on the screen, in Prometheus and at
     * Alertmanager as long as a war room would need.
     */
    static long[] schedule(List<DemoScenario.Record> records, Instant playFrom, DemoProperties pace) {
        long[] wall = new long[records.size()];
        long at = 0;
        Instant previous = playFrom;
        for (int i = 0; i < records.size(); i++) {
            DemoScenario.Record r = records.get(i);
            if (r.time().isAfter(previous)) {
                long gap;
                if (r.pace() == DemoScenario.Pace.OBSERVATION) {
                    gap = (long) Math.min(Duration.between(previous, r.time()).toNanos() / pace.observationSpeed(),
                            pace.maxPause().toNanos());
                } else {
                    gap = (long) (Duration.between(previous, r.time()).toNanos() / pace.speed());
                }
                at += r.pace() == DemoScenario.Pace.DECISION_ON_ROLLBACK_TRIGGER
                        ? Math.max(gap, pace.decisionHold().toNanos()) : gap;
                previous = r.time();
            }
            wall[i] = at;
        }
        return wall;
    }

    /**
     * A migration is accepted under a plan agreed for it, never the default: the demo puts the OMS plan (the
     * bundled sample, whose numbers it plays) as its own before its first event, as a migration lead would. A plan an
     * operator already put for the id stays.
     */
    private void putThePlan(String migrationId) throws InterruptedException {
        if (!plans.planFor(migrationId).defaultPlan()) {
            return;
        }
        try {
            // as PUT …/plan puts it: a plan change on the topic, before the demo's first event
            planChanges.put(migrationId, new ClassPathResource(PlanRegistry.SAMPLE_PLAN)
                    .getContentAsString(StandardCharsets.UTF_8), "the demo", null, Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("the sample OMS plan is part of the service", e);
        } catch (EventPublisher.NotAcknowledgedException e) {
            throw new IllegalStateException("Kafka did not take the demo's plan", e);
        }
        LOG.info("Demo " + migrationId + ": runs under the OMS plan (" + PlanRegistry.SAMPLE_PLAN + ")");
    }

    /** The configured id, or the first {@code <id>-N} the ledger has no events of (a demo run before this one). */
    private String freeMigrationId() {
        String base = settings.migrationId();
        String candidate = base;
        for (int n = 2; ledger.hasEvents(candidate); n++) {
            candidate = base + "-" + n;
        }
        if (!candidate.equals(base)) {
            LOG.warn("Demo: migration " + base + " already has events in the ledger (an earlier demo run); this run "
                    + "plays as " + candidate + ". Start with an empty data directory to reuse " + base + ".");
        }
        return candidate;
    }

    private void announce(String migrationId, List<DemoScenario.Record> records, long[] wallNanos) {
        long live = java.util.Arrays.stream(wallNanos).filter(n -> n > 0).count();
        Duration total = Duration.ofNanos(wallNanos.length == 0 ? 0 : wallNanos[wallNanos.length - 1]);
        String base = baseUrl();
        LOG.info(("Demo: replaying an OMS cloud migration as migration '%s' into %s at %sx (%s of event time per "
                + "second, quiet stretches over %s skipped, %s of wall time held before the decision on the rollback "
                + "trigger): %d events of history at once (preparation, two rehearsals "
                + "- the second with a rollback drill -, full and incremental syncs), then %d live over about %d min: "
                + "the last hour before the cutover, the cutover (final sync, reconciliation of every table with "
                + "three mismatching chunks -> integrity-errors ROLLBACK trigger, re-sync, GO decision, the 15 batch "
                + "jobs, go-live) and 30 observation days with a few incidents. Watch it: Grafana dashboards "
                + "'Cutover' (migration = %s), then 'Observation' and 'Fleet' (docs/operators-screen.md); or "
                + "%s/api/migrations/%s, %s/api/migrations/%s/report and %s/actuator/prometheus.")
                .formatted(migrationId, topics.telemetry(), trim(settings.speed()),
                        text(Duration.ofMillis(Math.round(settings.speed() * 1000))), text(settings.maxPause()),
                        text(settings.decisionHold()),
                        records.size() - live, live, Math.max(1, Math.round(total.toSeconds() / 60.0)), migrationId,
                        base, migrationId, base, migrationId, base));
    }

    private String baseUrl() {
        return "http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    private static String trim(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    private static String text(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + " h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + " min" : "");
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min" + (d.toSecondsPart() > 0 ? " " + d.toSecondsPart() + " s" : "");
        }
        return d.toSeconds() > 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
