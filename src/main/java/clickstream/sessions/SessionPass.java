package clickstream.sessions;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One run of the rollup (the body of the {@code sessions} route): the window it recomputes, where its paging has
 * got to, and what it wrote. Advanced by {@link SessionRollup#nextPage} only after a page is written, so a retried
 * step redoes that page.
 */
public final class SessionPass {

    enum Stage { TOUCHED, INACTIVE, DONE }

    final Instant started;
    final Instant from;
    Stage stage = Stage.TOUCHED;
    JsonNode touchedAfter;
    String inactiveAfter;
    int written;

    SessionPass(Instant started, Instant from) {
        this.started = started;
        this.from = from;
    }

    /** More pages to recompute (the route's loop condition). */
    public boolean hasMore() {
        return stage != Stage.DONE;
    }

    /** Session documents written so far in this pass. */
    public int written() {
        return written;
    }

    public Instant from() {
        return from;
    }

    @Override
    public String toString() {
        return "sessions pass from " + from + ": " + written + " session documents written";
    }
}
