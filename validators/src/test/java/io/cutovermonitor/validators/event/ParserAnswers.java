package io.cutovermonitor.validators.event;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fuzz tests (jqwik and Jazzer) hold the parser to for any input. */
final class ParserAnswers {

    private ParserAnswers() {
    }

    /**
     * The parser answered: an event that parses back to itself from the text the ledger keeps, or a rejection with
     * a message a person can act on.
     */
    static void assertAnswered(EventParser parser, ParseResult result) {
        assertThat(result).isNotNull();
        if (result instanceof ParseResult.Accepted accepted) {
            ParseResult again = parser.parseStructured(accepted.structuredJson().getBytes(StandardCharsets.UTF_8));
            assertThat(again).isEqualTo(result);
        } else {
            assertThat(((ParseResult.Rejected) result).rejection().message()).isNotBlank();
        }
    }
}
