package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.broker.TopicNames;
import io.cutovermonitor.service.metrics.IngestMetrics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Spring Kafka's own error handling for the telemetry listener: a record that breaks the contract or conflicts
 * goes to the dead-letter topic at once with its reason in headers and is counted; anything else (the database
 * down, a broker hiccup) is retried with back-off, without end, so no record is ever skipped.
 * <p>
 * "Without end": the {@link ExponentialBackOff} has no attempt or time limit (200 ms doubling to 10 s, then every
 * 10 s), so the recoverer is never reached for a retryable failure. The listener reports a failed ledger
 * transaction as a {@link LedgerUnavailableException} at the batch's first record, so the retry runs on the
 * per-record path; the whole-batch fallback path would dead-letter the entire batch as soon as one retry met a
 * refused record, as {@code DatabaseOutageIT} does when a bad record is the first to arrive during an outage.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterConfiguration.class);

    /** Header with the bounded class of the problem: {@code impossible_value}, {@code conflict}, {@code unstorable}... */
    static final String REASON_HEADER = "cutover-rejection-reason";
    /** Header with the problem a person can act on, e.g. {@code data.source.rowCount: must be >= 0}. */
    static final String MESSAGE_HEADER = "cutover-rejection";

    @Bean
    DefaultErrorHandler telemetryErrorHandler(ProducerFactory<Object, Object> producers, TopicNames topics,
                                              IngestMetrics metrics) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producers.copyWithConfigurationOverride(
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterValueSerializer.class)));
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(topics.deadLetter(), -1));
        deadLetters.setHeadersFunction((record, failure) -> reasonHeaders(Rejected.of(failure)));
        // the reason, the message and the exception's class say what is wrong; a stack trace says how the code is
        // built, to anyone who can read the topic
        deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        ConsumerRecordRecoverer countingDeadLetters = (record, failure) -> {
            deadLetters.accept(record, failure);
            Rejected rejected = Rejected.of(failure);
            metrics.rejected(rejected.eventType(), rejected.reason());
            LOG.warn("telemetry record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " (key " + record.key() + ") not applied, sent to " + topics.deadLetter() + ": "
                    + rejected.reason() + ": " + rejected.message());
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(countingDeadLetters, retryBackOff());
        handler.addNotRetryableExceptions(RejectedEventException.class, ConflictingEventException.class,
                UnstorableEventException.class);
        // a dead-lettered record is logged once above, in a line an operator can act on; Spring's own report of
        // the seek that follows it is not an error
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                if (Rejected.isRecordsFault(failure)) {
                    return; // dead-lettered at once and logged by the recoverer, not retried
                }
                LOG.warn("telemetry record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " and those after it not applied yet (attempt " + attempt + "), retrying without skipping"
                        + " any: " + rootMessage(failure), attempt == 1 ? failure : null);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                if (namesTheRecord(failure)) {
                    return; // reported per record above, with its attempt (here it is always 1)
                }
                LOG.warn("a batch of " + records.count() + " telemetry records was not applied (attempt " + attempt
                        + "), retrying without skipping any: " + rootMessage(failure), attempt == 1 ? failure : null);
            }
        });
        return handler;
    }

    /** 200 ms doubling to 10 s, then every 10 s, with no limit on attempts or time: the database may be away long. */
    static BackOff retryBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    /** A {@link BatchListenerFailedException}: the listener named the record that failed. */
    private static boolean namesTheRecord(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Headers reasonHeaders(Rejected rejected) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, rejected.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(MESSAGE_HEADER, rejected.message().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Why a record was not applied, found in the cause chain of what the listener threw. */
    record Rejected(String reason, String eventType, String message) {

        static Rejected of(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof RejectedEventException rejected) {
                    return new Rejected(rejected.reason(), rejected.eventType(), rejected.getMessage());
                }
                if (cause instanceof ConflictingEventException conflict) {
                    return new Rejected(IngestMetrics.CONFLICT, conflict.eventType(), conflict.getMessage());
                }
                if (cause instanceof UnstorableEventException unstorable) {
                    return new Rejected(IngestMetrics.UNSTORABLE, unstorable.eventType(), unstorable.getMessage());
                }
            }
            return new Rejected(IngestMetrics.UNREADABLE, null, String.valueOf(failure.getMessage()));
        }

        /** The record itself is at fault (it breaks the contract or conflicts), not the database or the broker. */
        static boolean isRecordsFault(Throwable failure) {
            return !of(failure).reason().equals(IngestMetrics.UNREADABLE);
        }
    }
}
