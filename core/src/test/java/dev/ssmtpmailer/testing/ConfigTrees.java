package dev.ssmtpmailer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** Configuration trees (and other directory trees) for tests, installed as an operator installs them. */
public final class ConfigTrees {
    private ConfigTrees() {
    }

    /**
     * Copies a configuration tree (such as the guide's {@code examples/config/etc/ssmtp-mailer}), each file
     * readable by its owner only, as docs/operations.md installs it: git checks files out {@code 0644}, which
     * the loader warns about for a file holding a password.
     *
     * @param tree the tree to copy
     * @param target where the copy goes; created
     * @return {@code target}
     */
    public static Path install(Path tree, Path target) {
        copy(tree, target);
        try (Stream<Path> files = Files.walk(target)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a directory tree as it is: directories and files, permissions left to the umask. A test that copies
     * a running spool gets what the disk holds at that moment.
     *
     * @param tree the tree to copy
     * @param target where the copy goes; created
     * @return {@code target}
     */
    public static Path copy(Path tree, Path target) {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(tree.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
