package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.message.RelayException;
import java.util.Objects;

/**
 * A write with a {@link Lease} that is no longer in force: another owner took the message over after the lease
 * expired, or the message is gone. The holder must drop the message; the new holder attempts it.
 */
public final class LeaseLostException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final transient Lease lease;

    /**
     * @param lease the lease that was lost
     * @param why what happened to it
     */
    public LeaseLostException(Lease lease, String why) {
        super("lease " + Objects.requireNonNull(lease, "lease").token() + " of " + lease.owner() + " on message "
                + lease.id() + " is lost: " + why);
        this.lease = lease;
    }

    /** @return the lost lease */
    public Lease lease() {
        return lease;
    }
}
