package dev.ssmtpmailer.config;

import java.util.List;

/** The one implementation of {@link RelayConfig}: made only by {@link RelayConfig.Builder#build()}, after validation. */
record ImmutableRelayConfig(GlobalSettings global, List<DomainConfig> domains, List<UserConfig> users,
                            List<MappingConfig> mappings) implements RelayConfig {
}
