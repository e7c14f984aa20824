package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.postgres.DatabaseException;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitWindow;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitStatusTest {
    private static final EmailAddress A = EmailAddress.parse("a@example.com");
    private static final EmailAddress B = EmailAddress.parse("b@example.com");

    private static RecipientResult failed(EmailAddress to, DeliveryStatus status, int code, SmtpPhase phase) {
        return new RecipientResult(to, status, code, null, phase, code + " refused");
    }

    @Test
    void codes_areDistinctAndFollowSysexits() {
        assertThat(Arrays.stream(ExitStatus.values()).map(ExitStatus::code))
                .doesNotHaveDuplicates()
                .containsExactly(0, 64, 65, 66, 69, 70, 74, 75, 77, 78);
    }

    @Test
    void delivery_anyPermanentRefusal_isBadInput() {
        List<RecipientResult> failed = List.of(failed(A, DeliveryStatus.TEMPORARY_FAILURE, 450, SmtpPhase.RCPT),
                failed(B, DeliveryStatus.PERMANENT_FAILURE, 550, SmtpPhase.RCPT));

        assertThat(ExitStatus.of(failed)).isEqualTo(ExitStatus.DATA);
    }

    @Test
    void delivery_failedBeforeMailFrom_isUnavailable() {
        for (SmtpPhase phase : new SmtpPhase[] {SmtpPhase.CONNECT, SmtpPhase.EHLO, SmtpPhase.TLS, SmtpPhase.AUTH}) {
            assertThat(ExitStatus.of(List.of(failed(A, DeliveryStatus.TEMPORARY_FAILURE, 0, phase))))
                    .as(phase.name()).isEqualTo(ExitStatus.UNAVAILABLE);
        }
    }

    @Test
    void delivery_temporaryInTheTransaction_isTemporary() {
        assertThat(ExitStatus.of(List.of(failed(A, DeliveryStatus.TEMPORARY_FAILURE, 451, SmtpPhase.END_OF_DATA))))
                .isEqualTo(ExitStatus.TEMPORARY);
    }

    @Test
    void of_rateLimit_isTemporary() {
        RateLimitException e = new RateLimitException(AccountId.of("mail-relay@domain1.com"), RateLimitWindow.PER_MINUTE, 20, Duration.ofSeconds(3));

        assertThat(ExitStatus.of(e)).isEqualTo(ExitStatus.TEMPORARY);
    }

    @Test
    void of_files_noInputOrPermissionOrIo() {
        assertThat(ExitStatus.of(new UncheckedIOException(new NoSuchFileException("/x")))).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(ExitStatus.of(new UncheckedIOException(new AccessDeniedException("/x")))).isEqualTo(ExitStatus.NO_PERMISSION);
        assertThat(ExitStatus.of(new IOException("disk full"))).isEqualTo(ExitStatus.IO);
    }

    @Test
    void reason_unexpectedFailure_isAnInternalErrorInASentenceWithoutAClassName() {
        IllegalStateException bug = new IllegalStateException("pool is in a bad state");

        assertThat(ExitStatus.of(bug)).isEqualTo(ExitStatus.SOFTWARE);
        assertThat(Main.reason(bug)).isEqualTo("internal error: pool is in a bad state (please report it; -v may show more)");
        assertThat(Main.reason(new NullPointerException())).isEqualTo("internal error without a message (please report it; -v may show more)");
    }

    @Test
    void reason_fileProblems_nameTheFile() {
        assertThat(Main.reason(new UncheckedIOException(new NoSuchFileException("/x/body.txt")))).isEqualTo("no such file: /x/body.txt");
        assertThat(Main.reason(new UncheckedIOException(new AccessDeniedException("/x/key.pem")))).isEqualTo("permission denied: /x/key.pem");
        assertThat(Main.reason(new IOException("No space left on device"))).isEqualTo("input/output error: No space left on device");
    }

    @Test
    void queueDatabaseUnusable_isUnavailable_evenBehindTheSpoolsException() {
        DatabaseException down = new DatabaseException("jdbc:postgresql://db.example.com/mail", "cannot connect to the queue database",
                true, null);

        assertThat(ExitStatus.of(down)).isEqualTo(ExitStatus.UNAVAILABLE);
        assertThat(ExitStatus.of(new SpoolException(down.url(), "cannot claim due messages", down)))
                .isEqualTo(ExitStatus.UNAVAILABLE);
        assertThat(ExitStatus.of(new SpoolException(java.nio.file.Path.of("/var/spool/x"), "cannot lock", null)))
                .isEqualTo(ExitStatus.IO);
    }

    @Test
    void spoolItCannotEnter_isPermissionDenied() {
        assertThat(ExitStatus.of(new SpoolException(java.nio.file.Path.of("/var/spool/x"), "permission denied: cannot enter",
                new AccessDeniedException("/var/spool/x")))).isEqualTo(ExitStatus.NO_PERMISSION);
    }
}
