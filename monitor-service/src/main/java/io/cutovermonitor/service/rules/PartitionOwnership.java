package io.cutovermonitor.service.rules;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * Follows the telemetry partitions this instance is assigned: their migrations' states are loaded from the ledger
 * (so their wall-clock rules run here) and forgotten when another instance takes them over.
 */
@Component
class PartitionOwnership implements ConsumerAwareRebalanceListener {

    private final MigrationBook book;
    private final LateEventHistory history;

    PartitionOwnership(MigrationBook book, LateEventHistory history) {
        this.book = book;
        this.history = history;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        book.own(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        history.forgetAll();
        book.release(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        history.forgetAll();
        book.release(partitions.stream().map(TopicPartition::partition).toList());
    }
}
