package io.cutovermonitor.validators.event;

/**
 * The content types of the event contract (CloudEvents 1.0 JSON format), spelled once for every producer and reader:
 * the service's API and its alert and demo producers, and the reconciler's Kafka publisher.
 */
public final class ContentTypes {

    /** One event in structured mode: the {@code content-type} of a Kafka record or an HTTP body. */
    public static final String STRUCTURED = "application/cloudevents+json";
    /** A JSON array of structured events (HTTP only). */
    public static final String BATCH = "application/cloudevents-batch+json";

    private ContentTypes() {
    }
}
