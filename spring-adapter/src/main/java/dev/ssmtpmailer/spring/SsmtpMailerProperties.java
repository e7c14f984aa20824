package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.AuthMethod;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties under {@code ssmtp-mailer}: either {@code config-dir} (an INI tree), or the same configuration
 * inline ({@code global}, {@code domains}, {@code users}, {@code mappings}) with the INI keys in kebab-case.
 * Domains, users and mappings are lists whose first key is the section's name, because names such as
 * {@code domain1.com} hold dots that a map key would need brackets for. Every value left unset takes core's
 * default; {@link RelayConfigTranslator} turns these into core's builder, which validates them.
 */
@ConfigurationProperties(prefix = "ssmtp-mailer")
public class SsmtpMailerProperties {
    /** Directory of an INI tree (holding ssmtp-mailer.conf) to load; when set, the inline configuration must be empty. */
    private Path configDir;

    /** How long shutdown waits for accepted asynchronous deliveries to finish. */
    private Duration drainTimeout = Duration.ofSeconds(60);

    /** Global settings, the [global] section. */
    private Global global = new Global();

    /** Domains: upstream accounts and the local domain, the [domain:NAME] sections. */
    private List<Domain> domains = new ArrayList<>();

    /** Users allowed to send or receive, the [user:ADDRESS] sections. */
    private List<User> users = new ArrayList<>();

    /** Aliases and their canonical addresses, the [mapping:NAME] sections. */
    private List<Mapping> mappings = new ArrayList<>();

    /** The inbound SMTP server. */
    private Server server = new Server();

    /** The JavaMailSender bridge. */
    private MailSender mailSender = new MailSender();

    /** The durable spool. */
    private Spool spool = new Spool();

    /** The per-account health check. */
    private Health health = new Health();

    /** @return the configDir property */
    public Path getConfigDir() {
        return configDir;
    }

    /** @param configDir the configDir property */
    public void setConfigDir(Path configDir) {
        this.configDir = configDir;
    }

    /** @return the drainTimeout property */
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /** @param drainTimeout the drainTimeout property */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** @return the global property */
    public Global getGlobal() {
        return global;
    }

    /** @param global the global property */
    public void setGlobal(Global global) {
        this.global = global;
    }

    /** @return the domains property */
    public List<Domain> getDomains() {
        return domains;
    }

    /** @param domains the domains property */
    public void setDomains(List<Domain> domains) {
        this.domains = domains;
    }

    /** @return the users property */
    public List<User> getUsers() {
        return users;
    }

    /** @param users the users property */
    public void setUsers(List<User> users) {
        this.users = users;
    }

    /** @return the mappings property */
    public List<Mapping> getMappings() {
        return mappings;
    }

    /** @param mappings the mappings property */
    public void setMappings(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    /** @return the server property */
    public Server getServer() {
        return server;
    }

    /** @param server the server property */
    public void setServer(Server server) {
        this.server = server;
    }

    /** @return the mailSender property */
    public MailSender getMailSender() {
        return mailSender;
    }

    /** @param mailSender the mailSender property */
    public void setMailSender(MailSender mailSender) {
        this.mailSender = mailSender;
    }

    /** @return the spool property */
    public Spool getSpool() {
        return spool;
    }

    /** @param spool the spool property */
    public void setSpool(Spool spool) {
        this.spool = spool;
    }

    /** @return the health property */
    public Health getHealth() {
        return health;
    }

    /** @param health the health property */
    public void setHealth(Health health) {
        this.health = health;
    }

    /** @return whether any inline section or global setting is set */
    boolean hasInlineConfiguration() {
        return !domains.isEmpty() || !users.isEmpty() || !mappings.isEmpty() || global.isSet();
    }

    /** The inbound SMTP server (needs ssmtp-mailer-server on the class path). */
    public static class Server {
        /** Whether to start the inbound SMTP server for the local domain. */
        private boolean enabled;

        /** @return whether the server is started */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the server is started */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The durable spool at the global spool-dir. */
    public static class Spool {
        /** Whether to open the spool at startup (its workers deliver queued messages); the inbound server needs it. */
        private boolean enabled;

        /** @return whether the spool is opened at startup */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the spool is opened at startup */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The JavaMailSender bridge (needs spring-context-support on the class path). */
    public static class MailSender {
        /** Whether to expose a JavaMailSender that sends through the relay. */
        private boolean enabled;

        /** Whether the bridge queues messages in the spool (durable, retried) instead of sending them at once. */
        private boolean useSpool;

        /** @return whether the bridge queues in the spool */
        public boolean isUseSpool() {
            return useSpool;
        }

        /** @param useSpool whether the bridge queues in the spool */
        public void setUseSpool(boolean useSpool) {
            this.useSpool = useSpool;
        }

        /** @return whether the bridge is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the bridge is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The per-account health check (needs Spring Boot's health support on the class path). */
    public static class Health {
        /** Whether to contribute a health indicator per upstream account. */
        private boolean enabled = true;

        /** How long one probe of an account may take before the account is reported down. */
        private Duration timeout = Duration.ofSeconds(10);

        /** How long a probe result, or the outcome of a real delivery, is reused before the account is probed again. */
        private Duration cacheTtl = Duration.ofMinutes(5);

        /** @return whether health indicators are contributed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether health indicators are contributed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the probe time box */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the probe time box */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return how long a result is reused */
        public Duration getCacheTtl() {
            return cacheTtl;
        }

        /** @param cacheTtl how long a result is reused */
        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }
    }

    /** The {@code [global]} section. */
    public static class Global {
        /** @return whether any global setting is set */
        boolean isSet() {
            return defaultHostname != null || defaultFrom != null || sslDir != null || maxConnections != null
                    || connectionTimeout != null || readTimeout != null || writeTimeout != null || enableRateLimiting != null
                    || rateLimitPerMinute != null || rateLimitPerDay != null || spoolDir != null || retryMinBackoff != null
                    || retryMaxBackoff != null || maxQueueLifetime != null || maxMessageSize != null || !trustedNetworks.isEmpty();
        }

        /** EHLO name and {@code Received:} host ({@code default_hostname}). Default {@code localhost}. */
        private String defaultHostname;

        /** Sender used when a message has none ({@code default_from}). */
        private String defaultFrom;

        /** Directory of trusted CA certificates ({@code *.pem}) and the server's certificate and key ({@code ssl_dir}). */
        private Path sslDir;

        /** Upstream connections per account ({@code max_connections}). Default 10. */
        private Integer maxConnections;

        /** Timeout to connect to an upstream server ({@code connection_timeout}). Default 30s. */
        private Duration connectionTimeout;

        /** Timeout to read an upstream reply ({@code read_timeout}). Default 60s. */
        private Duration readTimeout;

        /** Timeout to write to an upstream server ({@code write_timeout}). Default 60s. */
        private Duration writeTimeout;

        /** Whether per-account rate limits apply ({@code enable_rate_limiting}). Default true. */
        private Boolean enableRateLimiting;

        /** Messages per minute per account, 0 for none ({@code rate_limit_per_minute}). Default 100. */
        private Integer rateLimitPerMinute;

        /** Messages per day per account, 0 for none ({@code rate_limit_per_day}). Default 0. */
        private Integer rateLimitPerDay;

        /** Directory of the durable queue ({@code spool_dir}). Default {@code /var/spool/ssmtp-mailer}. */
        private Path spoolDir;

        /** First retry delay of a queued message ({@code retry_min_backoff}). Default 300s. */
        private Duration retryMinBackoff;

        /** Longest retry delay of a queued message ({@code retry_max_backoff}). Default 4000s. */
        private Duration retryMaxBackoff;

        /** How long a message may stay queued before it bounces ({@code max_queue_lifetime}). Default 5d. */
        private Duration maxQueueLifetime;

        /** Largest accepted message in bytes ({@code max_message_size}). Default 26214400 (25 MiB). */
        private Long maxMessageSize;

        /** Networks (CIDR) allowed to relay through the inbound server ({@code trusted_networks}). Default 127.0.0.0/8 and ::1/128. */
        private List<String> trustedNetworks = new ArrayList<>();

        /** @return the defaultHostname property */
        public String getDefaultHostname() {
            return defaultHostname;
        }

        /** @param defaultHostname the defaultHostname property */
        public void setDefaultHostname(String defaultHostname) {
            this.defaultHostname = defaultHostname;
        }

        /** @return the defaultFrom property */
        public String getDefaultFrom() {
            return defaultFrom;
        }

        /** @param defaultFrom the defaultFrom property */
        public void setDefaultFrom(String defaultFrom) {
            this.defaultFrom = defaultFrom;
        }

        /** @return the sslDir property */
        public Path getSslDir() {
            return sslDir;
        }

        /** @param sslDir the sslDir property */
        public void setSslDir(Path sslDir) {
            this.sslDir = sslDir;
        }

        /** @return the maxConnections property */
        public Integer getMaxConnections() {
            return maxConnections;
        }

        /** @param maxConnections the maxConnections property */
        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** @return the connectionTimeout property */
        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        /** @param connectionTimeout the connectionTimeout property */
        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }

        /** @return the readTimeout property */
        public Duration getReadTimeout() {
            return readTimeout;
        }

        /** @param readTimeout the readTimeout property */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /** @return the writeTimeout property */
        public Duration getWriteTimeout() {
            return writeTimeout;
        }

        /** @param writeTimeout the writeTimeout property */
        public void setWriteTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
        }

        /** @return the enableRateLimiting property */
        public Boolean getEnableRateLimiting() {
            return enableRateLimiting;
        }

        /** @param enableRateLimiting the enableRateLimiting property */
        public void setEnableRateLimiting(Boolean enableRateLimiting) {
            this.enableRateLimiting = enableRateLimiting;
        }

        /** @return the rateLimitPerMinute property */
        public Integer getRateLimitPerMinute() {
            return rateLimitPerMinute;
        }

        /** @param rateLimitPerMinute the rateLimitPerMinute property */
        public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
            this.rateLimitPerMinute = rateLimitPerMinute;
        }

        /** @return the rateLimitPerDay property */
        public Integer getRateLimitPerDay() {
            return rateLimitPerDay;
        }

        /** @param rateLimitPerDay the rateLimitPerDay property */
        public void setRateLimitPerDay(Integer rateLimitPerDay) {
            this.rateLimitPerDay = rateLimitPerDay;
        }

        /** @return the spoolDir property */
        public Path getSpoolDir() {
            return spoolDir;
        }

        /** @param spoolDir the spoolDir property */
        public void setSpoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
        }

        /** @return the retryMinBackoff property */
        public Duration getRetryMinBackoff() {
            return retryMinBackoff;
        }

        /** @param retryMinBackoff the retryMinBackoff property */
        public void setRetryMinBackoff(Duration retryMinBackoff) {
            this.retryMinBackoff = retryMinBackoff;
        }

        /** @return the retryMaxBackoff property */
        public Duration getRetryMaxBackoff() {
            return retryMaxBackoff;
        }

        /** @param retryMaxBackoff the retryMaxBackoff property */
        public void setRetryMaxBackoff(Duration retryMaxBackoff) {
            this.retryMaxBackoff = retryMaxBackoff;
        }

        /** @return the maxQueueLifetime property */
        public Duration getMaxQueueLifetime() {
            return maxQueueLifetime;
        }

        /** @param maxQueueLifetime the maxQueueLifetime property */
        public void setMaxQueueLifetime(Duration maxQueueLifetime) {
            this.maxQueueLifetime = maxQueueLifetime;
        }

        /** @return the maxMessageSize property */
        public Long getMaxMessageSize() {
            return maxMessageSize;
        }

        /** @param maxMessageSize the maxMessageSize property */
        public void setMaxMessageSize(Long maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /** @return the trustedNetworks property */
        public List<String> getTrustedNetworks() {
            return trustedNetworks;
        }

        /** @param trustedNetworks the trustedNetworks property */
        public void setTrustedNetworks(List<String> trustedNetworks) {
            this.trustedNetworks = trustedNetworks;
        }
    }

    /** A {@code [domain:NAME]} section: an upstream account or the local domain. */
    public static class Domain {
        /** Section name, usually the domain, as in {@code [domain:domain1.com]}. Required. */
        private String name;

        /** Whether the domain is used ({@code enabled}). Default true. */
        private Boolean enabled;

        /** Upstream server host, or {@code localhost} for the local domain ({@code smtp_server}). Required. */
        private String smtpServer;

        /** Upstream server port ({@code smtp_port}). Default 587. */
        private Integer smtpPort;

        /** How to log in: NONE, LOGIN, PLAIN or XOAUTH2 ({@code auth_method}). Default LOGIN. */
        private AuthMethod authMethod;

        /** Name mappings use in {@code smtp-account} ({@code relay_account}); defaults to the username. */
        private String relayAccount;

        /** Login name for AUTH ({@code username}). */
        private String username;

        /** Password, inline ({@code password}); prefer password-file or password-env. */
        private String password;

        /** File holding the password ({@code password_file}). */
        private Path passwordFile;

        /** Environment variable holding the password ({@code password_env}). */
        private String passwordEnv;

        /** Whether TLS starts with the first byte, as on port 465 ({@code use_ssl}). Default false. */
        private Boolean useSsl;

        /** Whether a plain connection is upgraded with STARTTLS, as on port 587 ({@code use_starttls}). Default true. */
        private Boolean useStarttls;

        /** Extra trusted CA certificate (PEM) for this upstream ({@code ca_file}). */
        private Path caFile;

        /** Whether the upstream certificate and host name are checked ({@code verify_certificates}). Default true. */
        private Boolean verifyCertificates;

        /** Override of the global messages per minute for this account ({@code rate_limit_per_minute}). */
        private Integer rateLimitPerMinute;

        /** Override of the global messages per day for this account ({@code rate_limit_per_day}). */
        private Integer rateLimitPerDay;

        /** Override of the global connections per account ({@code max_connections}). */
        private Integer maxConnections;

        /** Whether forwarded mail gets this account as its From ({@code forward_from_rewrite}). Default false. */
        private Boolean forwardFromRewrite;

        /** Address the inbound server listens on for the local domain ({@code listen_address}). */
        private String listenAddress;

        /** Port the inbound server listens on for the local domain ({@code listen_port}). */
        private Integer listenPort;

        /** Static XOAUTH2 access token ({@code oauth2_access_token}). */
        private String oauth2AccessToken;

        /** File holding a static XOAUTH2 access token ({@code oauth2_access_token_file}). */
        private Path oauth2AccessTokenFile;

        /** OAuth2 token endpoint for the refresh-token grant ({@code oauth2_token_endpoint}). */
        private URI oauth2TokenEndpoint;

        /** OAuth2 client id ({@code oauth2_client_id}). */
        private String oauth2ClientId;

        /** OAuth2 client secret ({@code oauth2_client_secret}). */
        private String oauth2ClientSecret;

        /** File holding the OAuth2 client secret ({@code oauth2_client_secret_file}). */
        private Path oauth2ClientSecretFile;

        /** OAuth2 refresh token ({@code oauth2_refresh_token}). */
        private String oauth2RefreshToken;

        /** File holding the OAuth2 refresh token ({@code oauth2_refresh_token_file}). */
        private Path oauth2RefreshTokenFile;

        /** @return the name property */
        public String getName() {
            return name;
        }

        /** @param name the name property */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the enabled property */
        public Boolean getEnabled() {
            return enabled;
        }

        /** @param enabled the enabled property */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the smtpServer property */
        public String getSmtpServer() {
            return smtpServer;
        }

        /** @param smtpServer the smtpServer property */
        public void setSmtpServer(String smtpServer) {
            this.smtpServer = smtpServer;
        }

        /** @return the smtpPort property */
        public Integer getSmtpPort() {
            return smtpPort;
        }

        /** @param smtpPort the smtpPort property */
        public void setSmtpPort(Integer smtpPort) {
            this.smtpPort = smtpPort;
        }

        /** @return the authMethod property */
        public AuthMethod getAuthMethod() {
            return authMethod;
        }

        /** @param authMethod the authMethod property */
        public void setAuthMethod(AuthMethod authMethod) {
            this.authMethod = authMethod;
        }

        /** @return the relayAccount property */
        public String getRelayAccount() {
            return relayAccount;
        }

        /** @param relayAccount the relayAccount property */
        public void setRelayAccount(String relayAccount) {
            this.relayAccount = relayAccount;
        }

        /** @return the username property */
        public String getUsername() {
            return username;
        }

        /** @param username the username property */
        public void setUsername(String username) {
            this.username = username;
        }

        /** @return the password property */
        public String getPassword() {
            return password;
        }

        /** @param password the password property */
        public void setPassword(String password) {
            this.password = password;
        }

        /** @return the passwordFile property */
        public Path getPasswordFile() {
            return passwordFile;
        }

        /** @param passwordFile the passwordFile property */
        public void setPasswordFile(Path passwordFile) {
            this.passwordFile = passwordFile;
        }

        /** @return the passwordEnv property */
        public String getPasswordEnv() {
            return passwordEnv;
        }

        /** @param passwordEnv the passwordEnv property */
        public void setPasswordEnv(String passwordEnv) {
            this.passwordEnv = passwordEnv;
        }

        /** @return the useSsl property */
        public Boolean getUseSsl() {
            return useSsl;
        }

        /** @param useSsl the useSsl property */
        public void setUseSsl(Boolean useSsl) {
            this.useSsl = useSsl;
        }

        /** @return the useStarttls property */
        public Boolean getUseStarttls() {
            return useStarttls;
        }

        /** @param useStarttls the useStarttls property */
        public void setUseStarttls(Boolean useStarttls) {
            this.useStarttls = useStarttls;
        }

        /** @return the caFile property */
        public Path getCaFile() {
            return caFile;
        }

        /** @param caFile the caFile property */
        public void setCaFile(Path caFile) {
            this.caFile = caFile;
        }

        /** @return the verifyCertificates property */
        public Boolean getVerifyCertificates() {
            return verifyCertificates;
        }

        /** @param verifyCertificates the verifyCertificates property */
        public void setVerifyCertificates(Boolean verifyCertificates) {
            this.verifyCertificates = verifyCertificates;
        }

        /** @return the rateLimitPerMinute property */
        public Integer getRateLimitPerMinute() {
            return rateLimitPerMinute;
        }

        /** @param rateLimitPerMinute the rateLimitPerMinute property */
        public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
            this.rateLimitPerMinute = rateLimitPerMinute;
        }

        /** @return the rateLimitPerDay property */
        public Integer getRateLimitPerDay() {
            return rateLimitPerDay;
        }

        /** @param rateLimitPerDay the rateLimitPerDay property */
        public void setRateLimitPerDay(Integer rateLimitPerDay) {
            this.rateLimitPerDay = rateLimitPerDay;
        }

        /** @return the maxConnections property */
        public Integer getMaxConnections() {
            return maxConnections;
        }

        /** @param maxConnections the maxConnections property */
        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** @return the forwardFromRewrite property */
        public Boolean getForwardFromRewrite() {
            return forwardFromRewrite;
        }

        /** @param forwardFromRewrite the forwardFromRewrite property */
        public void setForwardFromRewrite(Boolean forwardFromRewrite) {
            this.forwardFromRewrite = forwardFromRewrite;
        }

        /** @return the listenAddress property */
        public String getListenAddress() {
            return listenAddress;
        }

        /** @param listenAddress the listenAddress property */
        public void setListenAddress(String listenAddress) {
            this.listenAddress = listenAddress;
        }

        /** @return the listenPort property */
        public Integer getListenPort() {
            return listenPort;
        }

        /** @param listenPort the listenPort property */
        public void setListenPort(Integer listenPort) {
            this.listenPort = listenPort;
        }

        /** @return the oauth2AccessToken property */
        public String getOauth2AccessToken() {
            return oauth2AccessToken;
        }

        /** @param oauth2AccessToken the oauth2AccessToken property */
        public void setOauth2AccessToken(String oauth2AccessToken) {
            this.oauth2AccessToken = oauth2AccessToken;
        }

        /** @return the oauth2AccessTokenFile property */
        public Path getOauth2AccessTokenFile() {
            return oauth2AccessTokenFile;
        }

        /** @param oauth2AccessTokenFile the oauth2AccessTokenFile property */
        public void setOauth2AccessTokenFile(Path oauth2AccessTokenFile) {
            this.oauth2AccessTokenFile = oauth2AccessTokenFile;
        }

        /** @return the oauth2TokenEndpoint property */
        public URI getOauth2TokenEndpoint() {
            return oauth2TokenEndpoint;
        }

        /** @param oauth2TokenEndpoint the oauth2TokenEndpoint property */
        public void setOauth2TokenEndpoint(URI oauth2TokenEndpoint) {
            this.oauth2TokenEndpoint = oauth2TokenEndpoint;
        }

        /** @return the oauth2ClientId property */
        public String getOauth2ClientId() {
            return oauth2ClientId;
        }

        /** @param oauth2ClientId the oauth2ClientId property */
        public void setOauth2ClientId(String oauth2ClientId) {
            this.oauth2ClientId = oauth2ClientId;
        }

        /** @return the oauth2ClientSecret property */
        public String getOauth2ClientSecret() {
            return oauth2ClientSecret;
        }

        /** @param oauth2ClientSecret the oauth2ClientSecret property */
        public void setOauth2ClientSecret(String oauth2ClientSecret) {
            this.oauth2ClientSecret = oauth2ClientSecret;
        }

        /** @return the oauth2ClientSecretFile property */
        public Path getOauth2ClientSecretFile() {
            return oauth2ClientSecretFile;
        }

        /** @param oauth2ClientSecretFile the oauth2ClientSecretFile property */
        public void setOauth2ClientSecretFile(Path oauth2ClientSecretFile) {
            this.oauth2ClientSecretFile = oauth2ClientSecretFile;
        }

        /** @return the oauth2RefreshToken property */
        public String getOauth2RefreshToken() {
            return oauth2RefreshToken;
        }

        /** @param oauth2RefreshToken the oauth2RefreshToken property */
        public void setOauth2RefreshToken(String oauth2RefreshToken) {
            this.oauth2RefreshToken = oauth2RefreshToken;
        }

        /** @return the oauth2RefreshTokenFile property */
        public Path getOauth2RefreshTokenFile() {
            return oauth2RefreshTokenFile;
        }

        /** @param oauth2RefreshTokenFile the oauth2RefreshTokenFile property */
        public void setOauth2RefreshTokenFile(Path oauth2RefreshTokenFile) {
            this.oauth2RefreshTokenFile = oauth2RefreshTokenFile;
        }
    }

    /** A {@code [user:ADDRESS]} section. */
    public static class User {
        /** Address, or a {@code *@host} pattern with template-address, as in {@code [user:ADDRESS]}. Required. */
        private String address;

        /** Whether the user is used ({@code enabled}). Default true. */
        private Boolean enabled;

        /** Domain the user belongs to ({@code domain}). */
        private String domain;

        /** Whether the address may send outbound mail ({@code can_send_from}). Default false. */
        private Boolean canSendFrom;

        /** Whether the address may receive inbound mail ({@code can_send_to}). Default false. */
        private Boolean canSendTo;

        /** Whether the address is a {@code *@host} pattern ({@code template_address}). Default false. */
        private Boolean templateAddress;

        /** When set, the only recipient domains allowed ({@code allowed_domains}). */
        private List<String> allowedDomains = new ArrayList<>();

        /** @return the address property */
        public String getAddress() {
            return address;
        }

        /** @param address the address property */
        public void setAddress(String address) {
            this.address = address;
        }

        /** @return the enabled property */
        public Boolean getEnabled() {
            return enabled;
        }

        /** @param enabled the enabled property */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the domain property */
        public String getDomain() {
            return domain;
        }

        /** @param domain the domain property */
        public void setDomain(String domain) {
            this.domain = domain;
        }

        /** @return the canSendFrom property */
        public Boolean getCanSendFrom() {
            return canSendFrom;
        }

        /** @param canSendFrom the canSendFrom property */
        public void setCanSendFrom(Boolean canSendFrom) {
            this.canSendFrom = canSendFrom;
        }

        /** @return the canSendTo property */
        public Boolean getCanSendTo() {
            return canSendTo;
        }

        /** @param canSendTo the canSendTo property */
        public void setCanSendTo(Boolean canSendTo) {
            this.canSendTo = canSendTo;
        }

        /** @return the templateAddress property */
        public Boolean getTemplateAddress() {
            return templateAddress;
        }

        /** @param templateAddress the templateAddress property */
        public void setTemplateAddress(Boolean templateAddress) {
            this.templateAddress = templateAddress;
        }

        /** @return the allowedDomains property */
        public List<String> getAllowedDomains() {
            return allowedDomains;
        }

        /** @param allowedDomains the allowedDomains property */
        public void setAllowedDomains(List<String> allowedDomains) {
            this.allowedDomains = allowedDomains;
        }
    }

    /** A {@code [mapping:NAME]} section: an alias, its canonical address and its account. */
    public static class Mapping {
        /** Mapping name, as in {@code [mapping:contact-sales]}. Required. */
        private String name;

        /** Alias: an address or {@code *@host} ({@code from_pattern}). Required. */
        private String fromPattern;

        /** Canonical address, or {@code *@host} to keep the local part ({@code to_pattern}). Required. */
        private String toPattern;

        /** Relay account (or username) of the domain to send through ({@code smtp_account}). Required. */
        private String smtpAccount;

        /** Canonical domain, informational ({@code domain}). */
        private String domain;

        /** @return the name property */
        public String getName() {
            return name;
        }

        /** @param name the name property */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the fromPattern property */
        public String getFromPattern() {
            return fromPattern;
        }

        /** @param fromPattern the fromPattern property */
        public void setFromPattern(String fromPattern) {
            this.fromPattern = fromPattern;
        }

        /** @return the toPattern property */
        public String getToPattern() {
            return toPattern;
        }

        /** @param toPattern the toPattern property */
        public void setToPattern(String toPattern) {
            this.toPattern = toPattern;
        }

        /** @return the smtpAccount property */
        public String getSmtpAccount() {
            return smtpAccount;
        }

        /** @param smtpAccount the smtpAccount property */
        public void setSmtpAccount(String smtpAccount) {
            this.smtpAccount = smtpAccount;
        }

        /** @return the domain property */
        public String getDomain() {
            return domain;
        }

        /** @param domain the domain property */
        public void setDomain(String domain) {
            this.domain = domain;
        }
    }
}
