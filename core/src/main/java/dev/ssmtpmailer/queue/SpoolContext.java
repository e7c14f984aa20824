package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import java.time.InstantSource;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What the parts of a running spool share: its store, its clock, the delivery pipeline, the bounces, the counters
 * and the settings of the configuration in force.
 *
 * @param store where the messages are
 * @param clock the clock of schedules and ages
 * @param pipeline account lookup, then per SMTP transaction rate limit, send, classify, listeners
 * @param bounces queues bounces into {@code store}
 * @param counters the spool's event counters
 * @param configs the configuration in force (it changes with {@link Spool#reconfigure})
 * @param jitter spreads retries
 */
record SpoolContext(QueueStore store, InstantSource clock, DeliveryPipeline pipeline, BounceSender bounces,
                    SpoolCounters counters, Supplier<RelayConfig> configs, DoubleSupplier jitter) {

    /** @return the configuration in force */
    RelayConfig config() {
        return configs.get();
    }
}
