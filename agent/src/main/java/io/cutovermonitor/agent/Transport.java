package io.cutovermonitor.agent;

import java.util.List;

/** Where events go: the monitor's {@code POST /api/events}, or its Kafka topic. */
interface Transport extends AutoCloseable {

    /**
     * Sends the events in order. Returns normally when every one was acknowledged or refused for its content
     * (those are handed to {@code refused}); throws when the monitor or Kafka cannot be reached, so the events stay
     * spooled and are sent again.
     */
    void send(List<Spool.Entry> events, Refusals refused) throws Exception;

    /** Events the monitor refused for their content, with its reason. */
    interface Refusals {
        void refused(Spool.Entry entry, String reason);
    }

    @Override
    void close();
}
