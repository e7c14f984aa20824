package dev.ssmtpmailer.config;

/** How the connection to an upstream server is protected. */
public enum TlsMode {
    /** Plain text. AUTH is then sent in clear; only for a server on the same host or a trusted network. */
    NONE,
    /**
     * Connect in plain text, then STARTTLS before anything else; a server that does not offer STARTTLS is
     * refused before any AUTH ({@code use_starttls = true}, Gmail port 587).
     */
    STARTTLS,
    /** TLS from the first byte ({@code use_ssl = true}, port 465). */
    IMPLICIT
}
