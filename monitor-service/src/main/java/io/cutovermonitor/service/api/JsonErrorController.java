package io.cutovermonitor.service.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The error page ({@code /error}) in place of Boot's: JSON whatever the client accepts (Boot's answers a browser with
 * its HTML "Whitelabel" page), and a direct request for {@code /error}, which is no error of anything, is a 404 (Boot's
 * answers it with a 500 of status 999). See {@link ServerErrors} for the body.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status == null) {
            // not an error dispatch: someone asked for /error itself
            return json(HttpStatus.NOT_FOUND.value(), request.getRequestURI());
        }
        return json(status instanceof Integer code ? code : HttpStatus.INTERNAL_SERVER_ERROR.value(),
                (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    }

    private static ResponseEntity<Map<String, Object>> json(int status, String path) {
        // a Content-Type set here is the one written, so an Accept: text/html does not turn the error into a 406
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ServerErrors.body(status, path));
    }
}
