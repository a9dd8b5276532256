package io.cutovermonitor.validators.plan;

/** A plan file that cannot be used, with the line of the problem (0 when the problem has no line). */
public class PlanException extends RuntimeException {

    private final int line;

    public PlanException(int line, String problem) {
        super(line > 0 ? "line " + line + ": " + problem : problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
