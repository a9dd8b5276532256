package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.metrics.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches the partitions of {@code migration.telemetry} this instance's listener owns, independently of why one
 * might not advance: every {@code monitor.ingest.check-interval} it reads, with Kafka's {@link Admin} client, the
 * consumer group's committed offset and the log end offset of each partition the listener container is assigned
 * ({@link MessageListenerContainer#getAssignedPartitions()}), and judges them with {@link PartitionProgress}. A
 * partition whose committed offset has not moved for longer than {@code monitor.ingest.stall-after} while records
 * wait on it is stalled: {@link IngestHealthIndicator} is DOWN and {@code migration_ingest_stalled_seconds} counts.
 * <p>
 * Why the committed offset and not the consumer's lag: a listener that retries a record without end fetches the
 * same records again and again, so the consumer's own {@code records-lag} reads 0 while nothing is applied. The
 * committed offset moves only when the container commits applied records. Several instances in one group: each
 * judges only the partitions assigned to it, and starts a partition's clock afresh when it is assigned one. The
 * admin client takes Boot's {@code KafkaAdmin} configuration, so it reaches whichever broker the application uses
 * (the embedded one, or an external one with its SASL/SSL settings).
 */
@Component
public class PartitionStallWatch implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionStallWatch.class);
    /** How long one reading of the offsets may take before it counts as failed. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** One owned partition as judged at a moment. */
    record PartitionView(TopicPartition partition, long offset, long logEndOffset, long waiting,
                         Instant stalledSince, Duration stalledFor, Duration lag) {
        boolean stalled() {
            return stalledSince != null;
        }
    }

    /**
     * What the watch knows at {@code at}.
     *
     * @param partitions       the owned partitions whose offsets have been read, by topic and partition
     * @param listenerAsExpected the telemetry listener's container is running (or was stopped on purpose); false
     *                         when a consumer of it stopped by itself, so none of its partitions can advance
     * @param offsetsReadAt    when the offsets were last read (null: not yet)
     * @param readFailure      why the last reading failed, null when it succeeded
     * @param blind            partitions are owned but their offsets have not been read for longer than stall-after
     */
    record Verdict(Instant at, List<PartitionView> partitions, boolean listenerAsExpected,
                   Instant offsetsReadAt, String readFailure, boolean blind) {
        List<PartitionView> stalled() {
            return partitions.stream().filter(PartitionView::stalled).toList();
        }
    }

    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final boolean uncommittedStartsAtEarliest;
    private final IsolationLevel isolationLevel;

    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private volatile Instant offsetsReadAt;
    private volatile Instant ownedSince;
    private volatile String readFailure;
    // the watch thread's own
    private final Map<TopicPartition, Long> uncommittedStart = new HashMap<>();
    private final Set<TopicPartition> reportedStalled = new HashSet<>();
    private volatile Admin admin;

    private volatile ScheduledExecutorService executor;

    PartitionStallWatch(KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin,
                        ConsumerFactory<?, ?> consumers, IngestProperties properties, IngestMetrics metrics,
                        Clock clock) {
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        Map<String, Object> consumer = consumers.getConfigurationProperties();
        // Kafka's default is latest; the service's application.yaml sets earliest
        this.uncommittedStartsAtEarliest = "earliest".equalsIgnoreCase(
                String.valueOf(consumer.getOrDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")));
        this.isolationLevel = "read_committed".equalsIgnoreCase(
                String.valueOf(consumer.getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")))
                ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
    }

    /** The partitions this instance owns as of now, their offsets as last read, and which are stalled. */
    Verdict verdict() {
        Instant now = clock.instant();
        Duration stallAfter = properties.stallAfter();
        List<PartitionView> views = progress.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .map(e -> {
                    PartitionProgress p = e.getValue();
                    return new PartitionView(e.getKey(), p.position(), p.logEndOffset(), p.waiting(),
                            p.stalledSince(now, stallAfter).orElse(null), p.stalledFor(now, stallAfter), p.lag(now));
                })
                .toList();
        Instant readAt = offsetsReadAt;
        Instant owned = ownedSince;
        // blind: partitions owned, and nothing read since they were (or since the last reading) for too long
        Instant lastKnown = readAt == null || (owned != null && owned.isAfter(readAt)) ? owned : readAt;
        boolean blind = owned != null && Duration.between(lastKnown, now).compareTo(stallAfter) > 0;
        return new Verdict(now, views, listenerAsExpected(), readAt, readFailure, blind);
    }

    /** Seconds the partition (of the telemetry listener's topic) has been stalled at this moment; 0 when it is not. */
    double stalledSeconds(int partition) {
        return seconds(partition, (p, now) -> p.stalledFor(now, properties.stallAfter()));
    }

    /** Seconds the oldest record of the partition not yet applied has waited at this moment; 0 when caught up. */
    double lagSeconds(int partition) {
        return seconds(partition, PartitionProgress::lag);
    }

    /**
     * Seconds the oldest record not yet applied, of any partition this instance owns, has waited: how far behind
     * the monitor itself is (0 when caught up).
     */
    public double worstLagSeconds() {
        Instant now = clock.instant();
        return progress.values().stream().mapToDouble(p -> p.lag(now).toMillis() / 1000.0).max().orElse(0);
    }

    private double seconds(int partition, BiFunction<PartitionProgress, Instant, Duration> measure) {
        Instant now = clock.instant();
        return progress.entrySet().stream().filter(e -> e.getKey().partition() == partition)
                .mapToDouble(e -> measure.apply(e.getValue(), now).toMillis() / 1000.0)
                .max().orElse(0);
    }

    /** One look at the owned partitions' offsets; runs on the watch's own thread. */
    void check() {
        MessageListenerContainer container = listeners.getListenerContainer(TelemetryListener.ID);
        Set<TopicPartition> owned = container == null ? Set.of() : new HashSet<>(container.getAssignedPartitions());
        progress.keySet().retainAll(owned);
        uncommittedStart.keySet().retainAll(owned);
        reportedStalled.retainAll(owned);
        metrics.ownedTelemetryPartitions(owned.stream().map(TopicPartition::partition).collect(Collectors.toSet()),
                this::stalledSeconds, this::lagSeconds);
        if (owned.isEmpty()) {
            ownedSince = null;
            recovered();
            return;
        }
        if (ownedSince == null) {
            ownedSince = clock.instant();
        }
        try {
            read(container.getGroupId(), owned);
            recovered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            String failure = rootMessage(e);
            if (readFailure == null) {
                LOG.warn("cannot read the offsets of the telemetry partitions " + names(owned) + " (" + failure
                        + "); their stall clocks keep running from what was last read");
            }
            readFailure = failure;
        }
        reportTransitions();
    }

    private void read(String groupId, Set<TopicPartition> owned)
            throws InterruptedException, ExecutionException, TimeoutException {
        Admin client = admin();
        int timeoutMs = (int) READ_TIMEOUT.toMillis();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(
                        Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(owned)),
                        new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                .partitionsToOffsetAndMetadata(groupId).get(READ_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = offsets(client, owned, OffsetSpec.latest());
        List<TopicPartition> uncommitted = owned.stream().filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> starts = uncommittedStartsAtEarliest && !uncommitted.isEmpty()
                ? offsets(client, uncommitted, OffsetSpec.earliest()) : Map.of();
        Instant at = clock.instant();
        for (TopicPartition tp : owned) {
            long end = ends.get(tp);
            OffsetAndMetadata commit = committed.get(tp);
            long position;
            if (commit != null) {
                position = commit.offset();
                uncommittedStart.remove(tp);
            } else if (uncommittedStartsAtEarliest) {
                position = starts.get(tp);
            } else {
                // auto.offset.reset latest: the consumer began at the end it found; nothing before it waits
                position = uncommittedStart.computeIfAbsent(tp, p -> end);
            }
            progress.compute(tp, (p, known) -> known == null
                    ? PartitionProgress.first(at, position, end) : known.next(at, position, end));
        }
        offsetsReadAt = at;
    }

    private Map<TopicPartition, Long> offsets(Admin client, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = client.listOffsets(request,
                        new ListOffsetsOptions(isolationLevel).timeoutMs((int) READ_TIMEOUT.toMillis()))
                .all().get(READ_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Logs a partition that became stalled, once, and once more when it advances again. */
    private void reportTransitions() {
        Verdict verdict = verdict();
        for (PartitionView view : verdict.partitions()) {
            if (view.stalled() && reportedStalled.add(view.partition())) {
                LOG.warn("telemetry partition " + view.partition() + " has not advanced from offset " + view.offset()
                        + " for " + seconds(view.stalledFor()) + " s while " + view.waiting() + " record(s) wait on it"
                        + " (monitor.ingest.stall-after " + properties.stallAfter() + "): health is DOWN until it"
                        + " moves");
            } else if (!view.stalled() && reportedStalled.remove(view.partition())) {
                LOG.info("telemetry partition " + view.partition() + " advances again (offset " + view.offset()
                        + ", " + view.waiting() + " record(s) waiting)");
            }
        }
    }

    private void recovered() {
        if (readFailure != null) {
            LOG.info("the offsets of the telemetry partitions can be read again");
        }
        readFailure = null;
    }

    private boolean listenerAsExpected() {
        MessageListenerContainer container = listeners.getListenerContainer(TelemetryListener.ID);
        return container == null || container.isInExpectedState();
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
            Object clientId = config.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, "cutover-monitor");
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-stall-watch");
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ingest-stall-watch");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.checkInterval().toMillis();
        started.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.error("the telemetry partition watch failed; it runs again in " + properties.checkInterval(), e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(READ_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private static String names(Collection<TopicPartition> partitions) {
        List<String> names = new ArrayList<>();
        partitions.stream().sorted(Comparator.comparingInt(TopicPartition::partition))
                .forEach(tp -> names.add(tp.toString()));
        return String.join(", ", names);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.0f", d.toMillis() / 1000.0);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
