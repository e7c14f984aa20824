/**
 * The {@code ssmtp-mailer} command line. Start here: {@link dev.ssmtpmailer.cli.Main}. The jar's entry point is
 * {@link dev.ssmtpmailer.cli.Launcher}, which gives {@code sendmail} a fast start
 * ({@code SendmailFastPath}: a hand-over to {@code serve} without picocli, logging or the configuration model)
 * before it runs {@code Main}.
 *
 * <p>One class per subcommand ({@code send}, {@code test}, {@code config}, {@code dns-check}, {@code serve},
 * {@code queue}, {@code bench}, {@code demo}); each loads the configuration tree with the INI loader, does its
 * work through core or one of the packages beside this one, prints its results on stdout and, when it fails,
 * one sentence on stderr with an exit status from {@link dev.ssmtpmailer.cli.ExitStatus} (the one table, which
 * every {@code --help} prints). Logging is slf4j-simple, configured here before the first logger exists: WARN on
 * stderr by default, the SMTP protocol trace with {@code --verbose}.
 */
package dev.ssmtpmailer.cli;
