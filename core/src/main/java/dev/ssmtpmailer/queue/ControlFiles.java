package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code control/} directory of a spool: how a process that does not own the spool leaves a
 * {@link ControlRequest} for the owner, and how the owner takes them. A request is an empty file named
 * {@code retry.ID}, {@code retry.ALL} or {@code purge.ID}, written to {@code incoming/} and renamed into
 * {@code control/}, so that the owner never sees half of one.
 */
final class ControlFiles {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    private static final String RETRY = "retry.";
    private static final String PURGE = "purge.";
    private static final String ALL = "ALL";

    private ControlFiles() {
    }

    /** Leaves a request for the owning process. */
    static void request(SpoolFiles files, ControlRequest request) throws IOException {
        String name = name(request);
        Path tmp = files.incoming.resolve("request-" + name + "-" + ProcessHandle.current().pid() + SpoolFiles.TMP);
        SpoolFiles.writeSynced(tmp, new byte[0]);
        SpoolFiles.move(tmp, files.control.resolve(name));
        SpoolFiles.fsyncDir(files.control);
    }

    /**
     * Takes the requests left in control/: each file is parsed and deleted; a file that is no request is logged
     * and deleted too.
     *
     * @return the requests, in file-name order
     */
    static List<ControlRequest> take(SpoolFiles files) {
        List<ControlRequest> requests = new ArrayList<>();
        for (Path p : files.files(files.control, "")) {
            try {
                requests.add(parse(p.getFileName().toString()));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring malformed spool request {}: {}", p, e.getMessage());
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                log.warn("cannot remove spool request {}: {}", p, e.toString());
            }
        }
        return requests;
    }

    /** @return the file name of a request in control/ */
    static String name(ControlRequest request) {
        if (request instanceof ControlRequest.Retry r) {
            return RETRY + r.id().value();
        }
        if (request instanceof ControlRequest.Purge p) {
            return PURGE + p.id().value();
        }
        return RETRY + ALL;
    }

    /**
     * @param name a file name in control/
     * @return the request it stands for
     * @throws IllegalArgumentException if the name is no request
     */
    static ControlRequest parse(String name) {
        if (name.equals(RETRY + ALL)) {
            return ControlRequest.retryAll();
        }
        if (name.startsWith(RETRY)) {
            return ControlRequest.retry(new QueueId(name.substring(RETRY.length())));
        }
        if (name.startsWith(PURGE)) {
            return ControlRequest.purge(new QueueId(name.substring(PURGE.length())));
        }
        throw new IllegalArgumentException("not a spool request: " + name);
    }
}
