package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process other than the spool's owner (the CLI run by another user) may use an existing spool at all. */
final class SpoolAccess {
    private SpoolAccess() {
    }

    /**
     * @param root the spool directory
     * @throws SpoolException "permission denied" naming the owner to run as, when {@code root} is a directory this
     *     process cannot enter (a 0700 spool seen by another user, whose subdirectories would only look missing)
     */
    static void requireEnterable(Path root) {
        if (!Files.isDirectory(root) || (Files.isReadable(root) && Files.isExecutable(root))) {
            return;
        }
        String owner;
        try {
            owner = Files.getOwner(root).getName();
        } catch (IOException | UnsupportedOperationException e) {
            owner = "OWNER";
        }
        throw new SpoolException(root, "permission denied: cannot enter the spool directory; run as its owner: "
                + "sudo -u " + owner + " ...", new AccessDeniedException(root.toString()));
    }
}
