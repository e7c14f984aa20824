package dev.ssmtpmailer.smtp;

/** The step of an SMTP transaction at which a failure happened. */
public enum SmtpPhase {
    /** Opening the TCP connection or reading the greeting. */
    CONNECT,
    /** EHLO/HELO. */
    EHLO,
    /** STARTTLS, or the TLS handshake (implicit or after STARTTLS), including certificate checks. */
    TLS,
    /** AUTH. */
    AUTH,
    /** MAIL FROM. */
    MAIL,
    /** RCPT TO. */
    RCPT,
    /** The DATA command itself. */
    DATA,
    /** The reply after the message content ({@code "."}). */
    END_OF_DATA,
    /** Outside a transaction (RSET, NOOP, QUIT), or not attributable. */
    OTHER
}
