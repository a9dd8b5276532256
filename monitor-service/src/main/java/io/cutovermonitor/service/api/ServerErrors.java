package io.cutovermonitor.service.api;

import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of every error the server answers by itself rather than an endpoint of the API: a missing or wrong
 * credential, an unknown path or method, a request Tomcat refuses before any code of the service sees it (an encoded
 * {@code /} or {@code \}, a NUL, a malformed request line). One shape wherever it is written, Spring's error page
 * ({@link JsonErrorController}) or Tomcat's ({@link ApiErrorReportValve}): {@code timestamp}, {@code status}, {@code
 * error} (the status's reason phrase) and {@code path} when the request has one. Never a message, an exception, a
 * class name or a stack trace: what went wrong inside is for the log.
 */
final class ServerErrors {

    private ServerErrors() {
    }

    static Map<String, Object> body(int status, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        body.put("status", status);
        HttpStatus known = HttpStatus.resolve(status);
        body.put("error", known != null ? known.getReasonPhrase() : "Error");
        if (path != null && !path.isEmpty()) {
            body.put("path", path);
        }
        return body;
    }
}
