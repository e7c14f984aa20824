/**
 * The vocabulary every step of the relay speaks, at the bottom of the package graph: what a message is
 * ({@link dev.ssmtpmailer.message.Envelope}, {@link dev.ssmtpmailer.message.MessageBody},
 * {@link dev.ssmtpmailer.message.RawMessage}), which upstream account carries it
 * ({@link dev.ssmtpmailer.message.AccountId}), and the base of every exception the library throws
 * ({@link dev.ssmtpmailer.message.RelayException}). It depends on {@code dev.ssmtpmailer.address} only; every
 * other package may depend on it.
 */
package dev.ssmtpmailer.message;
