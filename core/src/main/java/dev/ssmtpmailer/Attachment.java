package dev.ssmtpmailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A file attached to a {@link RelayMessage}. The bytes are copied in and out, so an attachment never changes
 * after it was made.
 *
 * @param fileName the name the recipient sees (non-ASCII names are encoded when the message is rendered)
 * @param contentType the MIME type, such as {@code application/pdf}
 * @param data the content
 */
public record Attachment(String fileName, String contentType, byte[] data) {
    private static final String FALLBACK_TYPE = "application/octet-stream";

    /** Types for common extensions, used when the platform cannot probe a file (minimal JREs, containers). */
    private static final Map<String, String> KNOWN_TYPES = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("pdf", "application/pdf"), Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"), Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("ics", "text/calendar"));

    /**
     * Validates the name and type and copies the bytes.
     *
     * @throws InvalidMessageException if the name is blank or either value holds a control character
     */
    public Attachment {
        Objects.requireNonNull(data, "data");
        if (fileName == null || fileName.isBlank()) {
            throw new InvalidMessageException("attachment file name", "must not be blank");
        }
        MessageText.checkNoControls("attachment file name", fileName);
        if (contentType == null || contentType.isBlank()) {
            throw new InvalidMessageException("attachment content type", "must not be blank (file " + fileName + ")");
        }
        MessageText.checkNoControls("attachment content type", contentType);
        if (contentType.indexOf('/') <= 0) {
            throw new InvalidMessageException("attachment content type", "'" + contentType + "' is not a MIME type");
        }
        data = data.clone();
    }

    /**
     * Reads a file; its name becomes the attachment's name and its type is probed from the platform, then
     * from a small table of common extensions, else {@code application/octet-stream}.
     *
     * @param file the file to attach (read into memory now)
     * @return the attachment
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Attachment of(Path file) {
        Objects.requireNonNull(file, "file");
        String name = Objects.requireNonNull(file.getFileName(), "file has no name").toString();
        try {
            return new Attachment(name, probe(file, name), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attachment " + file, e);
        }
    }

    /**
     * @param fileName the name the recipient sees
     * @param contentType the MIME type
     * @param data the content (copied)
     * @return the attachment
     * @throws InvalidMessageException if the name or type is blank or holds a control character
     */
    public static Attachment of(String fileName, String contentType, byte[] data) {
        return new Attachment(fileName, contentType, data);
    }

    /** @return a copy of the content */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** @return the size of the content in bytes */
    public int size() {
        return data.length;
    }

    /** Package-private access without the copy, for rendering. */
    byte[] dataUnsafe() {
        return data;
    }

    private static String probe(Path file, String name) throws IOException {
        String probed = Files.probeContentType(file);
        if (probed != null && probed.indexOf('/') > 0) {
            return probed;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return KNOWN_TYPES.getOrDefault(ext, FALLBACK_TYPE);
    }

    /** Compares the content, not the array identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Attachment a && fileName.equals(a.fileName) && contentType.equals(a.contentType)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, contentType, Arrays.hashCode(data));
    }

    /** @return name, type and size; never the content */
    @Override
    public String toString() {
        return "Attachment[fileName=" + fileName + ", contentType=" + contentType + ", size=" + data.length + "]";
    }
}
