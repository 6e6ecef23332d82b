package clickstream.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * The one timestamp format of the event JSON: ISO-8601 UTC with exactly three fraction digits,
 * {@code 2026-11-26T05:31:02.123Z}. {@link java.time.format.DateTimeFormatter#ISO_INSTANT} drops zero
 * milliseconds, so the format is written by hand (which is also cheap enough to call per event).
 */
public final class Timestamps {

    /** Matches every timestamp {@link #format(long)} produces. */
    public static final Pattern PATTERN = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Timestamps() {
    }

    /**
     * Formats epoch milliseconds, e.g. {@code 0 -> 1970-01-01T00:00:00.000Z}.
     *
     * @throws IllegalArgumentException for instants outside the years 0000-9999, which have no 4-digit form
     */
    public static String format(long epochMillis) {
        long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("timestamp out of range (years 0000-9999): " + epochMillis + " ms");
        }
        int seconds = millisOfDay / 1000;
        char[] c = new char[24];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, seconds / 3600, 2);
        c[13] = ':';
        put(c, 14, seconds / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, seconds % 60, 2);
        c[19] = '.';
        put(c, 20, millisOfDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /** Formats an instant, truncated to milliseconds. */
    public static String format(Instant instant) {
        return format(instant.toEpochMilli());
    }

    /** Parses a timestamp of this format (or any ISO-8601 instant). */
    public static Instant parse(String timestamp) {
        return Instant.parse(timestamp);
    }

    private static void put(char[] c, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
