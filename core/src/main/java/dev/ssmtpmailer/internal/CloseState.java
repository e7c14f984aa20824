package dev.ssmtpmailer.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a part that is closed once (the relay, the assembly and its asynchronous sends, the spool, the file
 * store, the SMTP client) is closed: the first {@link #markClosed()} wins, even when two threads close at the same
 * time, so the part's resources are released once; {@link #requireOpen()} refuses every use after that with the
 * same {@link IllegalStateException} (a part whose method declares another exception, such as the spool's
 * {@code accept} and its {@code IOException}, checks {@link #isClosed()} and throws that instead; one that answers
 * with a future completes it with {@link #refusal()}).
 */
public final class CloseState {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String refusal;

    /** @param refusal the message a use after close is refused with, such as {@code "the spool is closed"} */
    public CloseState(String refusal) {
        this.refusal = refusal;
    }

    /**
     * @return {@code true} for the one call that closes; {@code false} when closed already, or closing on another
     *     thread
     */
    public boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** @return whether {@link #markClosed()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /** @throws IllegalStateException if closed, with the refusal message */
    public void requireOpen() {
        if (closed.get()) {
            throw refusal();
        }
    }

    /**
     * @return the exception a use after close is refused with, for a part that completes a future with it instead
     *     of throwing
     */
    public IllegalStateException refusal() {
        return new IllegalStateException(refusal);
    }
}
