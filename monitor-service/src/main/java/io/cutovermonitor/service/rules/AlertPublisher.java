package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.broker.TopicNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Moves alerts from the outbox to {@code migration.alerts}, in order, as soon as the transaction that decided them
 * committed (woken by it) and at least once a second (to retry after Kafka was unreachable). An alert is marked
 * published only after Kafka acknowledged it.
 */
@Component
public class AlertPublisher implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(AlertPublisher.class);
    private static final byte[] STRUCTURED = "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8);

    private final AlertOutbox outbox;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AlertsOnTopic onTopic;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;

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
     * Once, before the first publish: the outbox rows still unpublished whose alert is already on the topic (Kafka
     * acknowledged them, then the process died before marking them) are marked, not sent again.
     */
    private void markWhatKafkaAlreadyHas() {
        transactions.executeWithoutResult(status -> {
            List<AlertOutbox.Pending> pending = outbox.lockUnpublished(Integer.MAX_VALUE);
            if (pending.isEmpty()) {
                return;
            }
            Set<String> published = onTopic.recentIds();
            List<AlertOutbox.Pending> already = pending.stream()
                    .filter(alert -> published.contains(alert.cloudEventId())).toList();
            outbox.markPublished(already, clock.instant());
            if (!already.isEmpty()) {
                LOG.info(already.size() + " alert(s) Kafka had before the restart marked published, not sent again");
            }
        });
    }

    /** Publishes one batch of the outbox; returns how many. */
    int publishSome() {
        Integer published = transactions.execute(status -> {
            List<AlertOutbox.Pending> pending = outbox.lockUnpublished(500);
            if (pending.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (AlertOutbox.Pending alert : pending) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.alerts(), alert.migrationId(),
                        alert.cloudEvent().getBytes(StandardCharsets.UTF_8));
                record.headers().add("content-type", STRUCTURED);
                acks.add(kafka.send(record));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the alerts", e);
            }
            outbox.markPublished(pending, clock.instant());
            return pending.size();
        });
        return published == null ? 0 : published;
    }
}
