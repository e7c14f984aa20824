package dev.ssmtpmailer.config;

import java.util.Locale;

/** The SASL mechanism used to log in to an upstream server ({@code auth_method}). */
public enum AuthMethod {
    /** No login: a local server, or one that trusts this host by address. */
    NONE,
    /** AUTH LOGIN with user name and password (Gmail with an app password). */
    LOGIN,
    /** AUTH PLAIN with user name and password. */
    PLAIN,
    /** AUTH XOAUTH2 with an OAuth2 access token (Gmail, Microsoft 365). */
    XOAUTH2;

    /**
     * @param text the name, in any case
     * @return the method
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AuthMethod parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("auth_method must be one of NONE, LOGIN, PLAIN, XOAUTH2, was '" + text + "'");
        }
    }
}
