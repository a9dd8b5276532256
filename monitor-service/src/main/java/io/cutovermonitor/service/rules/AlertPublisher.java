package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.event.ContentTypes;
import io.cutovermonitor.service.broker.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves alerts from the outbox to {@code migration.alerts}, in order, as soon as the transaction that decided them
 * committed (woken by it) and at least once a second (to retry after Kafka was unreachable). An alert is marked
 * published only after Kafka acknowledged it.
 */
@Component
public class AlertPublisher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);
    private static final int BATCH = 500;
    /** How long a send may wait for Kafka's acknowledgement. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** An alert taken longer ago than this and not marked was abandoned: its publisher is gone. */
    static final Duration ABANDONED_AFTER = ACK_TIMEOUT.multipliedBy(2);
    private static final byte[] STRUCTURED = (ContentTypes.STRUCTURED + "; charset=UTF-8")
            .getBytes(StandardCharsets.UTF_8);

    private final AlertOutbox outbox;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AlertsOnTopic onTopic;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;
    /** Touched by the worker thread only. */
    private Unacknowledged unacknowledged;

    public AlertPublisher(AlertOutbox outbox, KafkaTemplate<String, byte[]> kafka, TopicNames topics,
                          TransactionTemplate transactions, Clock clock, AlertsOnTopic onTopic) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.topics = topics;
        this.transactions = transactions;
        this.clock = clock;
        this.onTopic = onTopic;
    }

    /** New alerts are in the outbox. */
    public void wake() {
        wakeUp.release();
    }

    @Override
    public void start() {
        worker = new Thread(this::run, "alert-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void run() {
        long backOffMillis = 0;
        boolean recovered = false;
        while (worker == Thread.currentThread()) {
            try {
                if (backOffMillis > 0) {
                    Thread.sleep(backOffMillis);
                }
                if (!recovered) {
                    markWhatKafkaAlreadyHas();
                    recovered = true;
                }
                wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                wakeUp.drainPermits();
                while (publishSome() > 0) {
                    // keep going while the outbox has more
                }
                backOffMillis = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                backOffMillis = Math.min(Math.max(backOffMillis * 2, 200), 10_000);
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                LOG.warn("publishing alerts failed, retrying in " + backOffMillis + " ms: " + root);
            }
        }
    }

    /**
     * Once, before the first publish: the alerts a publisher took and never marked (this process, killed between
     * Kafka's acknowledgement and the mark) are marked if Kafka has them, and sent at once if it has not.
     */
    private void markWhatKafkaAlreadyHas() {
        transactions.executeWithoutResult(status -> {
            List<AlertOutbox.Pending> taken = outbox.unpublished(Integer.MAX_VALUE, clock.instant()).stream()
                    .filter(AlertOutbox.Pending::attempted).toList();
            List<AlertOutbox.Pending> onKafka = alreadyOnKafka(taken);
            outbox.markPublished(onKafka, clock.instant());
            outbox.release(taken.stream().filter(alert -> !onKafka.contains(alert)).toList());
        });
    }

    /**
     * Publishes one batch of the outbox; returns how many. Alerts another publisher took and abandoned (its
     * instance died mid-send) are looked for on the topic first, so the survivor does not send them twice.
     */
    int publishSome() throws InterruptedException {
        settleUnacknowledged();
        Instant now = clock.instant();
        List<AlertOutbox.Pending> taken = outbox.take(BATCH, now.minus(ABANDONED_AFTER), now);
        if (taken.isEmpty()) {
            return 0;
        }
        List<AlertOutbox.Pending> onKafka = alreadyOnKafka(taken.stream().filter(AlertOutbox.Pending::attempted).toList());
        outbox.markPublished(onKafka, now);
        List<AlertOutbox.Pending> toSend = taken.stream().filter(alert -> !onKafka.contains(alert)).toList();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (AlertOutbox.Pending alert : toSend) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.alerts(), alert.migrationId(),
                    alert.cloudEvent().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", STRUCTURED);
            acks.add(kafka.send(record));
        }
        try {
            // an interrupt (the service stops) leaves them taken: the next start looks for them on the topic
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // some may be on the topic even so: a send that failed after the broker wrote it, or one that succeeded
            unacknowledged = new Unacknowledged(toSend, acks);
            throw new IllegalStateException("Kafka did not acknowledge the alerts", e);
        }
        outbox.markPublished(toSend, clock.instant());
        return taken.size();
    }

    /** Alerts this publisher sent whose acknowledgement it did not get, with their sends. */
    private record Unacknowledged(List<AlertOutbox.Pending> alerts, List<CompletableFuture<?>> sends) {
    }

    /**
     * Before anything else is sent after a failed send: once the producer is done with every record of it, the
     * acknowledged ones and those the topic has are marked published, and only the rest go out again.
     */
    private void settleUnacknowledged() throws InterruptedException {
        Unacknowledged unsure = unacknowledged;
        if (unsure == null) {
            return;
        }
        try {
            CompletableFuture.allOf(unsure.sends().stream().map(send -> send.handle((ok, failed) -> null))
                    .toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the producer is not done with the alerts it did not acknowledge", e);
        }
        List<AlertOutbox.Pending> published = new ArrayList<>();
        List<AlertOutbox.Pending> failed = new ArrayList<>();
        for (int i = 0; i < unsure.alerts().size(); i++) {
            (unsure.sends().get(i).isCompletedExceptionally() ? failed : published).add(unsure.alerts().get(i));
        }
        List<AlertOutbox.Pending> onKafka = alreadyOnKafka(failed);
        published.addAll(onKafka);
        outbox.markPublished(published, clock.instant());
        outbox.release(failed.stream().filter(alert -> !onKafka.contains(alert)).toList());
        unacknowledged = null;
    }

    private List<AlertOutbox.Pending> alreadyOnKafka(List<AlertOutbox.Pending> taken) {
        if (taken.isEmpty()) {
            return List.of();
        }
        Set<String> published = onTopic.recentIds();
        List<AlertOutbox.Pending> found = taken.stream().filter(alert -> published.contains(outbox.cloudEventId(alert))).toList();
        if (!found.isEmpty()) {
            LOG.info(found.size() + " alert(s) taken by a publisher that stopped were already on "
                    + topics.alerts() + ": marked published, not sent again");
        }
        return found;
    }
}
