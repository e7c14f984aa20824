/**
 * Helpers that several packages of core share and that are no part of the API: the module does not export
 * this package. It depends on nothing of core, so any package may use it without a cycle.
 */
package dev.ssmtpmailer.internal;
