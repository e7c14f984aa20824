/**
 * Start here: {@link dev.ssmtpmailer.ini.IniConfig#load(java.nio.file.Path)} reads the {@code /etc/ssmtp-mailer}
 * tree (design section 5; the format is the guide's "Configuration Files") into core's
 * {@link dev.ssmtpmailer.config.RelayConfig}; {@link dev.ssmtpmailer.ini.IniConfig#describe} prints one back with
 * secrets masked; {@link dev.ssmtpmailer.ini.IniConfigWatcher} hands a running relay each new valid tree.
 *
 * <p>The tree: {@code ssmtp-mailer.conf} with {@code [global]}, and every {@code *.conf} file (hidden files
 * excluded, read in name order) of {@code domains_dir}, {@code users_dir} and {@code mappings_dir} (defaults
 * {@code domains}, {@code users}, {@code mappings} below the configuration directory). A file may hold any
 * number of {@code [domain:NAME]}, {@code [user:ADDRESS]} and {@code [mapping:NAME]} sections; the directories
 * are a convention, not a type. Relative paths are resolved against the configuration directory, and
 * absolute paths below {@code config_dir} follow the tree (see {@code PathResolver}): the guide's tree, with its
 * {@code /etc/ssmtp-mailer/...} paths, loads as written from wherever it is copied.
 *
 * <p>Keys: the keys of each section, their types and defaults come from core's
 * {@link dev.ssmtpmailer.config.ConfigKeys}; this module has no list of its own. Each section becomes a
 * {@link dev.ssmtpmailer.config.SectionValues} (text converted to the key's type, relative paths resolved) for
 * {@link dev.ssmtpmailer.config.RelayConfig.Builder#section}. One exception, for start-up time:
 * {@link dev.ssmtpmailer.ini.IniConfig#readSubmission} (what a {@code sendmail} hand-over to {@code serve} needs)
 * names its dozen keys itself, since initialising the key table costs a fresh JVM more than the hand-over; a
 * test compares its names and defaults with {@code ConfigKeys} and its answers with a full load.
 *
 * <p>Errors: this layer only converts text (numbers, booleans, durations, lists, paths) and adds <em>where</em>
 * (file, line, section, key). What is valid, including combinations of keys ({@code use_ssl} with
 * {@code use_starttls}, two sources of one secret), is decided once, by core's {@code ConfigValidator}. Both kinds
 * of problem are gathered and thrown together in one {@link dev.ssmtpmailer.config.ConfigException}, ordered by
 * file and line. Unknown sections and keys come with the closest known name.
 *
 * <p>Why not ini4j: the configuration needs the line of every key (ini4j keeps none), must refuse a key set
 * twice (ini4j keeps the last, or both in multi-value mode), must bound what it reads (files over 1 MiB are
 * refused), and must never expand {@code ${...}}: ini4j 0.5.4's expansion in {@code fetch} is the subject of a
 * denial-of-service advisory (CVE-2022-41404), and a password may well contain <code>${</code>. The format is small
 * enough that a strict line reader ({@code IniReader}, about a hundred lines) is simpler to trust than a
 * configured ini4j, so this module does not depend on ini4j.
 *
 * <p>Secrets ({@code password}, {@code password_file}, {@code password_env}, the {@code oauth2_*} secrets and
 * their {@code _file} forms) become core {@link dev.ssmtpmailer.config.Secret}s and never appear in messages
 * or printed configuration. A file holding a secret that its group or others can read is warned about once
 * (WARN log, and the loader's warning listener), except a file of root that only its group (not root's) may read
 * besides: {@code root:ssmtp-mailer} mode 640, how the service's user reads a secret it cannot change.
 */
package dev.ssmtpmailer.ini;
