/**
 * Start here for configuration: {@link dev.ssmtpmailer.config.RelayConfig} is the whole, immutable,
 * validated configuration of a relay, made with {@link dev.ssmtpmailer.config.RelayConfig#builder()}.
 *
 * <p>The sections mirror the {@code /etc/ssmtp-mailer} tree (design section 5):
 * {@link dev.ssmtpmailer.config.GlobalSettings} ({@code [global]}), {@link dev.ssmtpmailer.config.DomainConfig}
 * ({@code [domain:NAME]}: an upstream account, or the local domain), {@link dev.ssmtpmailer.config.UserConfig}
 * ({@code [user:ADDRESS]}) and {@link dev.ssmtpmailer.config.MappingConfig} ({@code [mapping:NAME]}).
 *
 * <p>Validation happens in one place, when {@code build()} is called, and reports every problem at once in a
 * {@link dev.ssmtpmailer.config.ConfigException}. Each {@link dev.ssmtpmailer.config.ConfigProblem} names the
 * section and key in the INI vocabulary ({@code [domain:domain1.com] smtp_port}); configuration read from files
 * (module {@code ssmtp-mailer-ini-config}) also carries the file and line through
 * {@link dev.ssmtpmailer.config.SourceLocation}.
 *
 * <p>Keys: {@link dev.ssmtpmailer.config.ConfigKeys} defines every key once (name, section, type, default,
 * secrecy, description); the INI reader, the printer, the Spring properties and the configuration reference are
 * derived from it. Readers hand a section to {@link dev.ssmtpmailer.config.RelayConfig.Builder#section} as
 * {@link dev.ssmtpmailer.config.SectionValues}; rules about combinations of keys are checked there, by the same
 * validator.
 *
 * <p>Secrets ({@link dev.ssmtpmailer.config.Secret}) print as {@code ******} everywhere, including the
 * {@code toString()} of every record here.
 */
package dev.ssmtpmailer.config;
