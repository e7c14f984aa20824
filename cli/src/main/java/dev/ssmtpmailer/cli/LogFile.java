package dev.ssmtpmailer.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code log_file} of {@code serve}, reopened on SIGHUP so that logrotate can move it away ({@code postrotate kill
 * -HUP}) without {@code copytruncate}. slf4j-simple writes to {@code System.err} as it is at each line, and
 * {@code serve} points {@code System.err} at this stream; writes and {@link #reopen()} are serialized, so no line
 * is split between the old file and the new one.
 */
final class LogFile extends OutputStream {
    private final Path file;
    private OutputStream out;

    /**
     * @param file the log file, created if missing, appended to
     * @throws UncheckedIOException if it cannot be opened
     */
    LogFile(Path file) {
        this.file = file;
        this.out = open(file);
    }

    private static OutputStream open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Logging.ownerOnly(file); // a new file after logrotate is 0600 too
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log_file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file and opens the path again (a new file after logrotate moved the old one). */
    synchronized void reopen() {
        OutputStream fresh = open(file);
        try {
            out.close();
        } catch (IOException ignored) {
            // the old file is gone from our hands either way
        }
        out = fresh;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
