package dev.ssmtpmailer.ini;

import java.util.Collection;

/** Small text helpers for messages: values shown safely, and the closest known name for a typo. */
final class Text {
    private static final int MAX_SHOWN = 80;

    private Text() {
    }

    /**
     * @param s text from a file
     * @return the text on one line, control characters escaped, cut after 80 characters, so that an error
     *         message cannot inject lines into a log or flood it
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > MAX_SHOWN ? b.append("...").toString() : b.toString();
    }

    /**
     * @param line a broken line from a file, which may hold a secret ({@code password: abcd efgh})
     * @param stops the characters besides whitespace that end the first word
     * @return the {@link #printable} line up to its first whitespace or stop character, then {@code ...} when
     *         that cut anything off: enough to find the line, never the value after a key
     */
    static String firstWord(String line, String stops) {
        int end = 0;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && stops.indexOf(line.charAt(end)) < 0) {
            end++;
        }
        String shown = printable(line.substring(0, end));
        return end < line.length() && !shown.endsWith("...") ? shown + "..." : shown;
    }

    /**
     * @param unknown a name that is not known
     * @param known the names that are
     * @return the known name with the smallest edit distance (ties: the first in {@code known})
     */
    static String closest(String unknown, Collection<String> known) {
        String probe = unknown.length() > 64 ? unknown.substring(0, 64) : unknown; // bounded work for long junk
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(probe, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, ignoring case. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
