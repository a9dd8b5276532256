package io.cutovermonitor.service.api;

import io.cutovermonitor.service.rules.KnownMigrations;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** One 404 for a migration the monitor does not know, whichever endpoint was asked (JSON, also for the report). */
@RestControllerAdvice
class UnknownMigrationAdvice {

    @ExceptionHandler(KnownMigrations.Unknown.class)
    ResponseEntity<Map<String, Object>> unknown(KnownMigrations.Unknown e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }
}
