package dev.ssmtpmailer.ini;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A small, strict, line-oriented INI reader. It exists instead of ini4j because the configuration needs the
 * line of every key, must refuse duplicate keys, and must never expand {@code ${...}} (ini4j's expansion is
 * the subject of a denial-of-service advisory, CVE-2022-41404).
 *
 * <p>Grammar, one construct per line: blank, a comment ({@code #} or {@code ;} as the first non-blank
 * character), a {@code [header]}, or {@code key = value} split at the first {@code =}. Keys are
 * {@code [A-Za-z0-9_.-]+}. Values are taken literally after stripping surrounding white space: no quotes, no
 * escapes, no continuation lines, no inline comments (a {@code #} inside a password is part of it). Files are
 * UTF-8 (a leading byte-order mark is skipped), lines end in LF or CRLF, and a file larger than
 * {@link #MAX_BYTES} is refused without being read. A broken line is reported by its file, line number and first
 * word only ({@code found 'password...'}): it may hold a secret, written with {@code :} or a space for {@code =}.
 */
final class IniReader {
    /** The largest file read: 1 MiB. Larger files are refused; a configuration file is never that big. */
    static final int MAX_BYTES = 1024 * 1024;
    /** After this many problems in one file the rest of it is not worth reporting line by line. */
    static final int MAX_PROBLEMS_PER_FILE = 50;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private IniReader() {
    }

    /**
     * Reads and parses one file, adding every problem to {@code problems}.
     *
     * @param path the file
     * @param name how to name it in messages
     * @param problems where problems go
     * @return the parsed file, or empty when it could not be read at all
     */
    static Optional<IniFile> read(Path path, String name, Problems problems) {
        problems.fileRead(name);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path)) {
                problems.add(name, 0, null, null, Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)
                        ? "cannot read: it is a symbolic link to a file that does not exist"
                        : Files.exists(path) ? "cannot read: not a regular file" : "file does not exist");
                return Optional.empty();
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                problems.add(name, 0, null, null, "is " + size + " bytes, larger than the limit of 1 MiB; refused");
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // bounded even if the file grows while being read
            }
            if (bytes.length > MAX_BYTES) {
                problems.add(name, 0, null, null, "is larger than the limit of 1 MiB; refused");
                return Optional.empty();
            }
        } catch (AccessDeniedException e) {
            problems.add(name, 0, null, null, "cannot read: permission denied");
            return Optional.empty();
        } catch (NoSuchFileException e) {
            problems.add(name, 0, null, null, "file does not exist");
            return Optional.empty();
        } catch (IOException e) {
            problems.add(name, 0, null, null, "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Text.printable(e.getMessage())));
            return Optional.empty();
        }
        return Optional.of(parse(bytes, name, problems));
    }

    /**
     * Parses the bytes of one file.
     *
     * @param bytes the content
     * @param name how to name the file in messages
     * @param problems where problems go
     * @return the sections that could be read; lines with problems are left out
     */
    static IniFile parse(byte[] bytes, String name, Problems problems) {
        Parser p = new Parser(name, problems);
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        int lineNo = 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            lineNo++;
            try {
                String line = decoder.reset().decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
                p.line(lineNo, line);
            } catch (CharacterCodingException e) {
                p.problem(lineNo, null, "is not valid UTF-8");
            }
            start = end + 1;
        }
        return p.finish();
    }

    /** The state of one parse: the sections so far and the one being filled. */
    private static final class Parser {
        private final String name;
        private final Problems problems;
        private final List<IniFile.Section> sections = new ArrayList<>();
        private String header;
        private int headerLine;
        private boolean inSection;
        private boolean skipping;
        private Map<String, IniFile.Entry> entries = new LinkedHashMap<>();
        private int problemCount;

        Parser(String name, Problems problems) {
            this.name = name;
            this.problems = problems;
        }

        void line(int lineNo, String raw) {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    problem(lineNo, null, "contains the control character " + String.format("U+%04X", (int) c));
                    return;
                }
            }
            String s = raw.strip();
            if (s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == ';') {
                return;
            }
            if (s.charAt(0) == '[') {
                header(lineNo, s);
                return;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                String word = keyWord(s);
                problem(lineNo, null, "expected 'key = value', a [section] header or a comment, found "
                        + (word != null ? "'" + word + "'" : "a line of " + s.length() + " characters"));
                return;
            }
            String key = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip();
            if (key.isEmpty()) {
                problem(lineNo, null, "a key is missing before '='");
                return;
            }
            if (!KEY.matcher(key).matches()) {
                String word = keyWord(key);
                problem(lineNo, null, (word != null ? "'" + word + "'" : "the text before '=' (" + key.length() + " characters)")
                        + " is not a key: keys are letters, digits, '_', '-' and '.'");
                return;
            }
            if (!inSection) {
                if (skipping) {
                    return; // below a broken header: one problem for the header, not one per key
                }
                problem(lineNo, key, "is outside any section; put it below a header such as [global]");
                return;
            }
            IniFile.Entry first = entries.get(key);
            if (first != null) {
                problem(lineNo, key, "is set twice in this section (first at line " + first.line() + ")");
                return;
            }
            entries.put(key, new IniFile.Entry(key, value, lineNo));
        }

        /**
         * @return a broken line's {@link Text#firstWord first word}, then {@code ...}, when that word reads as a key
         *         and the line goes on after it ({@code password: abcd efgh}); else {@code null}, and the caller
         *         shows only the line's length: a line that is one word, or whose first word is no key, may be a
         *         secret alone (a wrapped value such as {@code 1//0gAbC...}, an app password without its spaces)
         */
        private static String keyWord(String s) {
            String word = Text.firstWord(s, ":=");
            String bare = word.endsWith("...") ? word.substring(0, word.length() - 3) : word;
            if (s.length() <= bare.length() || !s.startsWith(bare) || !KEY.matcher(bare).matches()) {
                return null;
            }
            char next = s.charAt(bare.length()); // the word ended here, not where Text cut a long one short
            return Character.isWhitespace(next) || next == ':' || next == '=' ? word : null;
        }

        private void header(int lineNo, String s) {
            if (!s.endsWith("]")) {
                closeSection(); // the broken header is not part of the section above it
                problem(lineNo, null, "a section header must end with ']', found '" + Text.firstWord(s, "=") + "'");
                skipping = true;
                return;
            }
            String h = s.substring(1, s.length() - 1).strip();
            closeSection();
            if (h.isEmpty()) {
                problem(lineNo, null, "empty section header '[]'");
                skipping = true;
                return;
            }
            header = h;
            headerLine = lineNo;
            inSection = true;
            skipping = false;
        }

        /** Ends the current section; after a broken header, keys are ignored until the next good one. */
        private void closeSection() {
            if (header != null) {
                sections.add(new IniFile.Section(header, headerLine, entries));
            }
            header = null;
            entries = new LinkedHashMap<>();
            inSection = false;
        }

        void problem(int lineNo, String key, String message) {
            problemCount++;
            if (problemCount < MAX_PROBLEMS_PER_FILE) {
                problems.add(name, lineNo, header, key, message);
            } else if (problemCount == MAX_PROBLEMS_PER_FILE) {
                problems.add(name, lineNo, null, null, "too many problems in this file; the rest are not listed");
            }
        }

        IniFile finish() {
            closeSection();
            return new IniFile(name, sections);
        }
    }
}
