package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.RelayConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Watches a configuration tree and hands a running relay the new configuration when files change. A new
 * configuration is handed over only when the whole tree is valid; otherwise the previous one stays in force
 * and every problem is logged (WARN) and passed to the failure listener. Changes are debounced: an editor's
 * save or a {@code cp -r} of many files gives one reload once the directory has been quiet for a moment.
 *
 * <pre>{@code
 * RelayConfig config = IniConfig.load(dir);
 * try (Relay relay = Relay.create(config);
 *      IniConfigWatcher watcher = IniConfigWatcher.builder(dir).initial(config)
 *              .onChange(relay::reconfigure).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Watched: the configuration directory and the domains, users and mappings directories (re-read after
 * every reload, so moving {@code mappings_dir} moves the watch). Secret files named by {@code password_file}
 * are not watched: they are read on each use, so a rotated secret applies without a reload.
 */
public interface IniConfigWatcher extends AutoCloseable {

    /** What a reload did. */
    enum Outcome {
        /** The tree was valid and different: the new configuration was handed over. */
        APPLIED,
        /** The tree was valid and equal to the current configuration: nothing handed over. */
        UNCHANGED,
        /** The tree had problems: the current configuration stays; the failure listener has them. */
        REJECTED
    }

    /** @return the configuration in force: the initial one or the last one applied */
    RelayConfig current();

    /**
     * Reads the tree now, on the calling thread, and applies it if it is valid and changed.
     *
     * @return what happened
     * @throws RuntimeException whatever the change consumer throws; the current configuration then stays
     */
    Outcome reloadNow();

    /**
     * Starts watching the directories on a daemon thread. Calling it again has no effect.
     *
     * @return this
     * @throws UncheckedIOException if the file system cannot watch the directories
     */
    IniConfigWatcher start();

    /** Stops watching; reloads already running finish. Idempotent. */
    @Override
    void close();

    /**
     * @param configDir the configuration directory to watch
     * @return a builder
     */
    static Builder builder(Path configDir) {
        return new Builder(configDir);
    }

    /** Configures an {@link IniConfigWatcher}. */
    final class Builder {
        private final Path configDir;
        private IniConfigLoader loader;
        private RelayConfig initial;
        private Consumer<RelayConfig> onChange = c -> { };
        private Consumer<ConfigException> onFailure = e -> { };
        private Duration debounce = Duration.ofMillis(500);

        Builder(Path configDir) {
            this.configDir = Objects.requireNonNull(configDir, "configDir");
        }

        /** @param v the loader to read the tree with; default {@code IniConfigLoader.builder().build()} @return this */
        public Builder loader(IniConfigLoader v) { loader = Objects.requireNonNull(v, "loader"); return this; }

        /** @param v the configuration in force now; default: the tree is loaded by {@link #build()} @return this */
        public Builder initial(RelayConfig v) { initial = Objects.requireNonNull(v, "initial"); return this; }

        /** @param v receives each new valid configuration, e.g. {@code relay::reconfigure} @return this */
        public Builder onChange(Consumer<RelayConfig> v) { onChange = Objects.requireNonNull(v, "onChange"); return this; }

        /** @param v receives the problems of each rejected reload @return this */
        public Builder onFailure(Consumer<ConfigException> v) { onFailure = Objects.requireNonNull(v, "onFailure"); return this; }

        /**
         * @param v how long the directories must be quiet before a reload; default 500 ms
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder debounce(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("debounce must not be negative, was " + v);
            }
            debounce = v;
            return this;
        }

        /**
         * @return the watcher, not yet watching (see {@link IniConfigWatcher#start()})
         * @throws ConfigException if no initial configuration was given and the tree is not valid
         */
        public IniConfigWatcher build() {
            IniConfigLoader l = loader != null ? loader : IniConfigLoader.builder().build();
            RelayConfig first = initial != null ? initial : l.load(configDir);
            return new TreeWatcher(new TreeWatcher.Settings(configDir, l, onChange, onFailure, debounce), first);
        }
    }
}
