package io.cutovermonitor.service.api;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error report in JSON. Tomcat answers some requests before they reach the service's code, and so before
 * Spring's error page: a path with an encoded {@code /} ({@code %2F}) or {@code \} ({@code %5C}), a raw {@code \}, a
 * {@code %00}, an invalid {@code %} escape, a malformed request line or header, a missing Host. Its own
 * {@link ErrorReportValve} writes those as an HTML page; this one writes the body every other error of the server has
 * ({@link ServerErrors}), and nothing of the exception. It replaces Tomcat's valve on the host, where Tomcat looks
 * for it. (Tomcat's own {@code JsonErrorReportValve} is no answer: its body is another shape and carries the
 * exception with its stack trace.)
 */
final class ApiErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Puts this valve in place of any {@link ErrorReportValve} on the host's pipeline (Boot adds one when
     * {@code server.error.include-stacktrace} is {@code never}), and makes it the host's error report valve class, so
     * that Tomcat, starting the host, does not add its own.
     */
    static void install(StandardHost host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ApiErrorReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.setErrorReportValveClass(ApiErrorReportValve.class.getName());
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ApiErrorReportValve) {
                return;
            }
        }
        host.getPipeline().addValve(new ApiErrorReportValve());
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // only an error status, only once, and only when nothing was written yet (Spring's error page has
        // answered every request that reached the service)
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone: nobody would read it
        }
        String body = JSON.writeValueAsString(ServerErrors.body(status, request.getRequestURI()));
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the response cannot be written any more; the client has its status line or nothing
        }
    }
}
