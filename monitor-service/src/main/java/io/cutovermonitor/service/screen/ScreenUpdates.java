package io.cutovermonitor.service.screen;

import io.cutovermonitor.service.ingest.PartitionStallWatch;
import io.cutovermonitor.service.rules.MigrationsChanged;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells every open operators' screen which migrations changed, as server-sent events: at most four times a second
 * (a busy partition commits many times a second, the screen needs to know once), the ids changed since the last
 * message; and a heartbeat with how far behind its input the monitor is, so a screen whose connection died says so
 * within seconds, and one whose monitor fell behind says that.
 */
@Component
class ScreenUpdates {

    /** An open connection ends after this and the browser's EventSource opens a new one by itself. */
    static final Duration CONNECTION_LIFETIME = Duration.ofMinutes(30);

    private final List<SseEmitter> screens = new CopyOnWriteArrayList<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final PartitionStallWatch ingest;

    ScreenUpdates(PartitionStallWatch ingest) {
        this.ingest = ingest;
    }

    /** The heartbeat: the monitor is there, and how far behind its own input it is. */
    record Alive(double lagSeconds) {
    }

    /** A new screen: it gets a {@code hello} heartbeat at once, then the changes. */
    SseEmitter open() throws IOException {
        SseEmitter screen = new SseEmitter(CONNECTION_LIFETIME.toMillis());
        screen.onCompletion(() -> screens.remove(screen));
        screen.onTimeout(() -> screens.remove(screen));
        screen.onError(failure -> screens.remove(screen));
        screens.add(screen);
        screen.send(SseEmitter.event().name("hello").data(alive(), MediaType.APPLICATION_JSON));
        return screen;
    }

    /** On the consumer's thread after each commit: nothing to remember while no screen is open. */
    @EventListener
    void on(MigrationsChanged change) {
        if (!screens.isEmpty()) {
            changed.addAll(change.migrationIds());
        }
    }

    @Scheduled(fixedDelay = 250)
    void sendChanges() {
        if (changed.isEmpty() || screens.isEmpty()) {
            changed.clear();
            return;
        }
        Set<String> ids = new TreeSet<>();
        for (String id : changed) {
            changed.remove(id);
            ids.add(id);
        }
        send(SseEmitter.event().name("changed").data(ids, MediaType.APPLICATION_JSON));
    }

    @Scheduled(fixedDelay = 5_000)
    void heartbeat() {
        send(SseEmitter.event().name("alive").data(alive(), MediaType.APPLICATION_JSON));
    }

    private Alive alive() {
        return new Alive(ingest.worstLagSeconds());
    }

    private void send(SseEmitter.SseEventBuilder message) {
        for (SseEmitter screen : screens) {
            try {
                screen.send(message);
            } catch (IOException | IllegalStateException gone) {
                // the browser went away: the emitter completes itself and leaves the list
                screens.remove(screen);
            }
        }
    }
}
