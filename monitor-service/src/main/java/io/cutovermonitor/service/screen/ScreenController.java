package io.cutovermonitor.service.screen;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;

/**
 * {@code GET /api/screen/updates}: the server-sent events the operators' screen at {@code /} refreshes itself by.
 * The screen itself is static (HTML, CSS, JavaScript under {@code static/}, uPlot from its webjar) and reads the
 * same API anyone can.
 */
@RestController
class ScreenController {

    private final ScreenUpdates updates;

    ScreenController(ScreenUpdates updates) {
        this.updates = updates;
    }

    @GetMapping(path = "/api/screen/updates", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter updates() throws IOException {
        return updates.open();
    }
}
