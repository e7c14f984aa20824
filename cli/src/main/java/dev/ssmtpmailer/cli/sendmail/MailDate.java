package dev.ssmtpmailer.cli.sendmail;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * The value of a {@code Date:} field, exactly as {@code DateTimeFormatter.RFC_1123_DATE_TIME} writes it
 * ({@code Tue, 1 Dec 2026 05:33:01 +0100}, {@code GMT} for a zero offset), in the default time zone. Written by
 * hand because {@code ZonedDateTime.now()} loads {@code java.time}'s zone rules through a service lookup that
 * scans the class path, which costs a freshly started {@code sendmail} more than the whole rest of its message
 * handling; {@link TimeZone} finds the same offset from the same time zone data without it.
 */
public final class MailDate {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private MailDate() {
    }

    /** @return the current time in the default time zone */
    public static String now() {
        long now = System.currentTimeMillis();
        return format(now, TimeZone.getDefault().getOffset(now) / 1000);
    }

    /**
     * @param epochMilli the instant
     * @param offsetSeconds the offset from UTC in force at that instant
     * @return the instant at that offset, in RFC 5322 form
     */
    static String format(long epochMilli, int offsetSeconds) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMilli, 1000L), 0, ZoneOffset.ofTotalSeconds(offsetSeconds));
        StringBuilder b = new StringBuilder(32).append(DAYS[t.getDayOfWeek().ordinal()]).append(", ").append(t.getDayOfMonth())
                .append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
        digits(b, t.getYear(), 4).append(' ');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2).append(' ');
        if (offsetSeconds == 0) {
            return b.append("GMT").toString();
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        b.append(offsetSeconds < 0 ? '-' : '+');
        digits(b, minutes / 60, 2);
        return digits(b, minutes % 60, 2).toString();
    }

    /** Appends {@code n} with leading zeros to at least {@code width} digits. */
    private static StringBuilder digits(StringBuilder b, int n, int width) {
        String s = Integer.toString(n);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
