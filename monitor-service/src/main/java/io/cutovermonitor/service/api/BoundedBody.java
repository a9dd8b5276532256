package io.cutovermonitor.service.api;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * A request body read only up to its endpoint's limit, so an oversized request costs the service no more memory than
 * the limit. A Content-Length over the limit is refused before a byte is read (a client that sent
 * {@code Expect: 100-continue} then sends nothing); a body without one is read to the limit plus one byte.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body, or null when it is over {@code limit} bytes. */
    static byte[] read(HttpServletRequest request, int limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    /** The limit as a person reads it: {@code 16 MiB}, {@code 64 KiB}. */
    static String describe(int limit) {
        return limit % (1024 * 1024) == 0 ? limit / (1024 * 1024) + " MiB" : limit / 1024 + " KiB";
    }
}
