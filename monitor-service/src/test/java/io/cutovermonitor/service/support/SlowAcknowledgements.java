package io.cutovermonitor.service.support;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.Map;

/**
 * A producer interceptor that holds the broker's first acknowledgement for a few seconds before the producer sees
 * it: the records are on the topic while their sender still waits, as on a slow network between broker and
 * service. Configured as {@code interceptor.classes}, Kafka's own hook.
 */
public final class SlowAcknowledgements implements ProducerInterceptor<Object, Object> {

    private static final long HOLD_MILLIS = 8_000;
    private boolean held;

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (held || exception != null) {
            return;
        }
        held = true;
        try {
            Thread.sleep(HOLD_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
