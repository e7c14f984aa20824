package dev.ssmtpmailer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** Reads what a peer (Postfix) delivered into a Maildir, waiting for it with {@link Await}. */
public final class Maildirs {
    private Maildirs() {
    }

    /**
     * @param dir a Maildir's {@code new} folder
     * @return the text of every message there, read as ISO-8859-1 (every byte kept)
     * @throws IOException when the folder cannot be read
     */
    public static List<String> messages(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /**
     * Waits (bounded by {@link Await#DEFAULT}) for a delivered message containing {@code marker}; Postfix writes the
     * file just after it answers 250.
     *
     * @param dir a Maildir's {@code new} folder
     * @param marker text the message contains
     * @return the message's text
     */
    public static String awaitMessage(Path dir, String marker) {
        AtomicReference<String> found = new AtomicReference<>();
        Await.within(Await.DEFAULT, "a message with " + marker + " in " + dir, () -> {
            Optional<String> m = messages(dir).stream().filter(t -> t.contains(marker)).findFirst();
            m.ifPresent(found::set);
            return m.isPresent();
        });
        return found.get();
    }
}
