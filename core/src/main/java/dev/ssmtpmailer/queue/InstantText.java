package dev.ssmtpmailer.queue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The times of a spool entry as text, exactly as {@link Instant#toString()} writes them and {@link Instant#parse}
 * reads them ({@code 2026-11-27T21:00:00.123456Z}), without a {@code DateTimeFormatter}: an entry is written at
 * every accept and read at every claim of a message that is not in memory, and the formatter's work (a
 * {@code LocalDateTime} and three string builders per time) was a measurable share of the relay's CPU and
 * allocation per message. Years outside 1970-9999 and any text not in that one shape go through {@link Instant}.
 */
final class InstantText {
    /** 9999-12-31T23:59:59Z: the last second written with a four-digit year and no sign. */
    private static final long MAX_SECOND = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    private InstantText() {
    }

    /** Appends {@code t.toString()} to {@code b}. */
    static StringBuilder append(StringBuilder b, Instant t) {
        long second = t.getEpochSecond();
        if (second < 0 || second > MAX_SECOND) {
            return b.append(t);
        }
        LocalDate day = LocalDate.ofEpochDay(second / SECONDS_PER_DAY);
        int time = (int) (second % SECONDS_PER_DAY);
        digits(b, day.getYear(), 4).append('-');
        digits(b, day.getMonthValue(), 2).append('-');
        digits(b, day.getDayOfMonth(), 2).append('T');
        digits(b, time / 3600, 2).append(':');
        digits(b, time / 60 % 60, 2).append(':');
        digits(b, time % 60, 2);
        int nano = t.getNano();
        if (nano > 0) { // as ISO_INSTANT: milli-, micro- or nanoseconds, whichever shows every digit
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(b, nano / 1000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z');
    }

    /**
     * @return the instant {@link Instant#parse} reads from {@code s}
     * @throws java.time.format.DateTimeParseException if it reads none
     */
    static Instant parse(String s) {
        // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, as written above; anything else (offsets, a leap second, lower case) is
        // left to Instant.parse, which also says what is wrong
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z' || n > 20 && s.charAt(19) != '.') {
            return Instant.parse(s);
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        int fraction = n > 20 ? number(s, 20, n - 1) * pow10(30 - n) : 0; // 1 to 9 digits, in nanoseconds
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return Instant.parse(s);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, fraction);
    }

    /** @return the decimal number in {@code s[from, to)}, or -1 if a character is not a digit */
    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Appends {@code value} (not negative) with leading zeros to at least {@code width} digits. */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int p = pow10(width - 1); p > 1 && value < p; p /= 10) {
            b.append('0');
        }
        return b.append(value);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
