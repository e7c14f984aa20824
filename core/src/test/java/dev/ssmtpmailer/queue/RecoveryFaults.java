package dev.ssmtpmailer.queue;

/**
 * Test support for other modules' tests (the core test-jar): makes the background recovery of every file spool
 * opened meanwhile fail inside its listing, through {@link FileRecovery}'s test seam.
 */
public final class RecoveryFaults implements AutoCloseable {
    private RecoveryFaults() {
    }

    /**
     * @param fault what the listing throws
     * @return a handle whose {@link #close()} ends the fault (spools opened later recover normally)
     */
    public static RecoveryFaults failListing(RuntimeException fault) {
        FileRecovery.listingFault = () -> {
            throw fault;
        };
        return new RecoveryFaults();
    }

    @Override
    public void close() {
        FileRecovery.listingFault = () -> { };
    }
}
