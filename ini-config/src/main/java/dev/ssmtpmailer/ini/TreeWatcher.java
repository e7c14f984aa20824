package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link IniConfigWatcher}: a {@link WatchService} on the tree's directories and one daemon thread. */
final class TreeWatcher implements IniConfigWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TreeWatcher.class);

    private final Settings settings;
    private final Path configDir;
    private final List<WatchKey> keys = new ArrayList<>();
    private volatile RelayConfig current;
    private WatchService watchService;
    private Thread thread;
    private boolean closed;

    /**
     * What {@link IniConfigWatcher.Builder} settled.
     *
     * @param configDir the configuration directory to watch
     * @param loader reads the tree on each reload
     * @param onChange receives each new valid configuration
     * @param onFailure receives the problems of each rejected reload
     * @param debounce how long the directories must be quiet before a reload
     */
    record Settings(Path configDir, IniConfigLoader loader, Consumer<RelayConfig> onChange,
                    Consumer<ConfigException> onFailure, Duration debounce) {
    }

    TreeWatcher(Settings settings, RelayConfig initial) {
        this.settings = settings;
        this.configDir = settings.configDir();
        this.current = initial;
    }

    /** Synchronized with {@link #reloadNow}: a caller woken by the change consumer sees the configuration it was handed. */
    @Override
    public synchronized RelayConfig current() {
        return current;
    }

    @Override
    public synchronized Outcome reloadNow() {
        RelayConfig next;
        try {
            next = settings.loader().load(configDir);
        } catch (ConfigException e) {
            LOG.warn("configuration in {} not reloaded, the previous one stays in force: {} problem(s)", configDir,
                    e.problems().size());
            for (ConfigProblem p : e.problems()) {
                LOG.warn("  {}", p);
            }
            settings.onFailure().accept(e);
            return Outcome.REJECTED;
        }
        if (next.equals(current)) {
            LOG.debug("configuration in {} unchanged", configDir);
            return Outcome.UNCHANGED;
        }
        settings.onChange().accept(next); // if this throws, current stays what the relay still runs with
        current = next;
        LOG.info("configuration reloaded from {}: {} domains, {} users, {} mappings", configDir,
                next.domains().size(), next.users().size(), next.mappings().size());
        return Outcome.APPLIED;
    }

    @Override
    public synchronized IniConfigWatcher start() {
        if (thread != null || closed) {
            return this;
        }
        try {
            watchService = configDir.getFileSystem().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + configDir, e);
        }
        register();
        thread = new Thread(this::watch, "ssmtp-mailer-config-watcher");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** (Re-)registers the tree's directories: after a reload they may have moved or been created. */
    private synchronized void register() {
        keys.forEach(WatchKey::cancel);
        keys.clear();
        for (Path dir : MainFile.directories(configDir)) {
            if (!Files.isDirectory(dir)) {
                continue; // the config dir is watched too, so its creation triggers a reload and a new register
            }
            try {
                keys.add(dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.warn("cannot watch {}: {}", dir, e.toString());
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                drain(watchService.take());
                // Debounce: reload once the directories have been quiet for the debounce period.
                WatchKey more;
                while ((more = watchService.poll(settings.debounce().toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    reloadNow();
                } catch (RuntimeException e) {
                    LOG.warn("the new configuration from {} was refused by its consumer; the previous one stays", configDir, e);
                }
                register();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            LOG.debug("stopped watching {}", configDir);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            if (watchService != null) {
                try {
                    watchService.close();
                } catch (IOException e) {
                    LOG.debug("closing the watch service of {}: {}", configDir, e.toString());
                }
            }
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
