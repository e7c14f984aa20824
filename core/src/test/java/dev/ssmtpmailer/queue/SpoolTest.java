package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.testing.Await;

import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.delivery.DeliveryPipeline;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.GateLimiter;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final String ACCOUNT = "mail-relay@domain1.com";
    private static final String ACCOUNT2 = "relay@domain2.com";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final EmailAddress JANE = EmailAddress.parse("jane@example.org");
    private static final String MESSAGE = "From: Jane <jane@example.org>\r\nTo: contact-sales@mailer.domain1.com\r\n"
            + "Subject: hello\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.org\r\n\r\nbody line\r\n";

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final FakeSmtpClient client = new FakeSmtpClient();
    Spool spool;
    RelayConfig config;

    @org.junit.jupiter.api.BeforeEach
    void defaultConfig() {
        config = config(false);
    }

    RelayConfig config(boolean forwardFromRewrite) {
        DomainConfig up = upstream("domain1.com", ACCOUNT).toBuilder().forwardFromRewrite(forwardFromRewrite).build();
        return RelayConfig.builder()
                .global(g -> g.spoolDir(dir).retryMinBackoff(Duration.ofSeconds(300)).retryMaxBackoff(Duration.ofSeconds(4000))
                        .maxQueueLifetime(Duration.ofHours(3)))
                .domain(up)
                .domain(upstream("domain2.com", ACCOUNT2))
                .domain(local("mailer.domain1.com"))
                .mapping(mapping("privacy", "contact-privacy@mailer.domain1.com", "privacy@domain2.com", ACCOUNT2))
                .mapping(mapping("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT))
                .mapping(mapping("legal", "contact-legal@mailer.domain1.com", "contact-legal@domain1.com", ACCOUNT))
                .build();
    }

    /** The spool only ever asks {@link RateLimiter#tryAcquire}: it keeps a limited message instead of waiting. */
    final GateLimiter limiter = new GateLimiter(true);

    DeliveryPipeline pipeline;

    /** The pipeline the assembly would give the spool, on this test's client and limiter. */
    DeliveryPipeline pipeline(RateLimiter rateLimiter, RelayListener listener) {
        pipeline = DeliveryPipeline.create(config, DeliveryPipeline.Routing::of, client, rateLimiter, listener);
        return pipeline;
    }

    /** A spool on this test's configuration, client and limiter; the caller sets clock and threads. */
    Spool.Builder builder() {
        return Spool.builder(config, pipeline(limiter, RelayListener.NONE));
    }

    Spool open() {
        spool = builder().clock(clock).threads(0).jitter(() -> 0.5).open();
        return spool;
    }

    /** Opens the spool and accepts one message from Jane for contact-sales. */
    QueueId openWithOneMessage() throws IOException {
        open();
        return accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
    }

    /** Opens the spool with two messages from Jane, for contact-sales and contact-legal, each deferred once. */
    void openWithTwoDeferredMessages() throws IOException {
        open();
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        accept(JANE, MESSAGE, "contact-legal@mailer.domain1.com");
        deferOnce();
    }

    /** A message for contact-sales accepted, and the spool stopped before any attempt: a kill -9 right after the 250. */
    QueueId acceptedThenStopped() throws IOException {
        QueueId id = openWithOneMessage();
        spool.close();
        return id;
    }

    /**
     * The same, and the journal that the stop left (it vouches for the message, not yet tried) settled, as a
     * {@code queue} command run meanwhile does: the message's file is durable on its own, no record restores it.
     */
    QueueId acceptedThenStoppedAndSettled() throws IOException {
        QueueId id = acceptedThenStopped();
        JournalReplay.settle(SpoolFiles.existing(dir));
        return id;
    }

    /**
     * One message for contact-sales and contact-legal; its first attempt delivers to sales while legal's upstream
     * answers 4xx. The upstream answers ok from then on.
     */
    QueueId partlyDelivered() throws IOException {
        open();
        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com", "contact-legal@mailer.domain1.com");
        client.answer(r -> r.localPart().equals("contact-legal") ? FakeSmtpClient.temp(r) : FakeSmtpClient.ok(r));
        spool.runDue();
        client.answer(FakeSmtpClient::ok);
        return id;
    }

    /** One attempt of everything due fails temporarily; the upstream answers ok from then on. */
    void deferOnce() {
        client.answer(FakeSmtpClient::temp);
        spool.runDue();
        client.answer(FakeSmtpClient::ok);
    }

    /** Every attempt fails for good; a second pass runs the bounces that the failures queued. */
    void failForGoodThenRunBounces() {
        client.answer(FakeSmtpClient::perm);
        spool.runDue();
        spool.runDue();
    }

    /** Nothing of a message is left on disk or listed. */
    void assertNothingStored() throws IOException {
        assertThat(names(dir.resolve("incoming"))).isEmpty();
        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).isEmpty();
        assertThat(spool.list()).isEmpty();
    }

    /** A message that failed for good, dead with nothing sent but its one attempt, and no bounce. */
    void assertDeadWithoutBounce(QueueId id) {
        assertThat(entry(id).dead()).isTrue();
        assertThat(client.sent()).hasSize(1);
        assertThat(spool.stats().bounced()).isZero();
        assertThat(spool.stats().depth()).isZero();
    }

    @AfterEach
    void closeSpool() {
        if (spool != null) {
            spool.close();
        }
        assertThat(limiter.acquireCalls()).as("the spool must not wait for a token").isZero();
    }

    List<InboundDecision> rcpt(String... aliases) {
        RelayPolicy policy = RelayPolicy.create(config);
        return Stream.of(aliases).map(a -> policy.checkRecipient(EmailAddress.parse(a), InetAddress.getLoopbackAddress(), JANE)
                .orElseThrow()).toList();
    }

    QueueId accept(EmailAddress sender, String message, String... aliases) throws IOException {
        return spool.accept(sender, rcpt(aliases), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    Path queueDir() {
        return dir.resolve("queue");
    }

    /** The message bytes behind the envelope of a message file. */
    static String messageOf(Path msgFile) throws IOException {
        byte[] all = Files.readAllBytes(msgFile);
        int offset = (int) EntryFormat.readHeader(msgFile).offset();
        return new String(all, offset, all.length - offset, StandardCharsets.UTF_8);
    }

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    QueueEntry entry(QueueId id) {
        return spool.show(id).orElseThrow();
    }

    // ---- accepting ----

    @Test
    void accept_returns_dataAndEnvelopeCompleteInQueueAndNothingLeftInIncoming() throws IOException {
        open();

        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");

        assertThat(names(queueDir())).containsExactly(id + ".msg"); // one file: envelope, then the message
        assertThat(messageOf(queueDir().resolve(id + ".msg"))).isEqualTo(MESSAGE);
        QueueEntry onDisk = EntryFormat.readHeader(queueDir().resolve(id + ".msg")).entry();
        assertThat(onDisk.sender()).isEqualTo(JANE);
        assertThat(onDisk.size()).isEqualTo(MESSAGE.length());
        assertThat(onDisk.recipients()).singleElement().satisfies(r -> {
            assertThat(r.original().address()).isEqualTo("contact-sales@mailer.domain1.com");
            assertThat(r.deliverTo().address()).isEqualTo("contact-sales@domain1.com");
            assertThat(r.account()).isEqualTo(ACCOUNT);
            assertThat(r.forwarded()).isTrue();
            assertThat(r.state()).isEqualTo(RecipientState.PENDING);
        });
        assertThat(names(dir.resolve("incoming"))).isEmpty();
        assertThat(client.sent()).isEmpty();
        assertThat(spool.stats().accepted()).isEqualTo(1);
        assertThat(spool.stats().depth()).isEqualTo(1);
    }

    @Test
    void accept_refusedDecision_throwsAndStoresNothing() throws IOException {
        open();
        InboundDecision refused = RelayPolicy.create(config).checkRecipient(EmailAddress.parse("nobody@mailer.domain1.com"),
                InetAddress.getLoopbackAddress(), JANE);

        assertThatThrownBy(() -> spool.accept(JANE, List.of(refused), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertNothingStored();
    }

    @Test
    void accept_unreadableData_throwsIOExceptionAndLeavesNoTrace() throws IOException {
        open();
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        };

        assertThatThrownBy(() -> spool.accept(JANE, rcpt("contact-sales@mailer.domain1.com"), broken))
                .isInstanceOf(IOException.class);
        assertNothingStored();
    }

    // ---- delivering ----

    @Test
    void runDue_forwarded_accountIsEnvelopeSenderBytesUnchangedAndFilesRemoved() throws IOException {
        QueueId id = openWithOneMessage();

        assertThat(spool.runDue()).isEqualTo(1);

        assertThat(client.sent()).singleElement().satisfies(s -> {
            assertThat(s.envelope().sender().address()).isEqualTo(ACCOUNT);
            assertThat(s.envelope().recipients()).extracting(EmailAddress::address).containsExactly("contact-sales@domain1.com");
            assertThat(s.body()).isEqualTo(MESSAGE);
        });
        assertThat(spool.show(id)).isEmpty();
        assertThat(names(queueDir())).isEmpty();
        assertThat(spool.stats().delivered()).isEqualTo(1);
        assertThat(spool.stats().depth()).isZero();
    }

    @Test
    void runDue_forwardFromRewrite_fromIsAccountAndOriginalKeptInReplyTo() throws IOException {
        config = config(true);
        open();
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");

        spool.runDue();

        String body = client.sent().get(0).body();
        assertThat(body).contains("From: " + ACCOUNT).contains("Reply-To: Jane <jane@example.org>")
                .doesNotContain("From: Jane").contains("DKIM-Signature: v=1");
    }

    /** A trusted client on loopback submits {@code message} as the sales alias to someone@example.com. */
    void submitAsSalesAlias(String message) throws IOException {
        EmailAddress alias = EmailAddress.parse("contact-sales@mailer.domain1.com");
        InboundDecision d = RelayPolicy.create(config).checkRecipient(EmailAddress.parse("someone@example.com"),
                InetAddress.getLoopbackAddress(), alias).orElseThrow();
        assertThat(d.submission()).isPresent();
        spool.accept(alias, List.of(d), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void runDue_trustedSubmission_leavesAsCanonicalWithFromRewritten() throws IOException {
        open();
        submitAsSalesAlias("From: contact-sales@mailer.domain1.com\r\nSubject: out\r\n\r\nhi\r\n");

        spool.runDue();

        assertThat(client.sent()).singleElement().satisfies(s -> {
            assertThat(s.envelope().sender().address()).isEqualTo("contact-sales@domain1.com");
            assertThat(s.envelope().recipients()).extracting(EmailAddress::address).containsExactly("someone@example.com");
            assertThat(s.body()).startsWith("From: contact-sales@domain1.com").contains("Subject: out");
        });
    }

    @Test
    void runDue_trustedSubmissionWithADisplayName_fromKeepsTheName() throws IOException {
        open();
        submitAsSalesAlias("Received: by x\r\nFrom: Sales (EU) <CONTACT-SALES@mailer.domain1.com>\r\nSubject: out\r\n\r\nhi\r\n");

        spool.runDue();

        assertThat(client.sent()).singleElement().satisfies(s -> assertThat(s.body())
                .isEqualTo("Received: by x\r\nFrom: Sales (EU) <contact-sales@domain1.com>\r\nSubject: out\r\n\r\nhi\r\n"));
    }

    @Test
    void runDue_forwardFromRewrite_theAccountsFromNeverTakesTheOriginalName() throws IOException {
        config = config(true);
        open();
        accept(JANE, "From: Jane <" + ACCOUNT + ">\r\nSubject: s\r\n\r\nb\r\n", "contact-sales@mailer.domain1.com");

        spool.runDue();

        assertThat(client.sent().get(0).body()).isEqualTo("From: " + ACCOUNT + "\r\nSubject: s\r\n\r\nb\r\n");
    }

    @Test
    void runDue_workersTellTheListener_likeRelaySendDoes() throws IOException {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ssmtpmailer.delivery.RelayListener listener = new dev.ssmtpmailer.delivery.RelayListener() {
            @Override
            public void delivered(AccountId account, Duration latency) {
                events.add("delivered " + account);
            }

            @Override
            public void failed(AccountId account, dev.ssmtpmailer.smtp.DeliveryStatus status, dev.ssmtpmailer.smtp.SmtpPhase phase) {
                events.add("failed " + account + " " + status + " " + phase);
            }
        };
        spool = Spool.builder(config, pipeline(limiter, listener)).clock(clock).threads(0).jitter(() -> 0.5).open();
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        deferOnce();
        clock.advance(Duration.ofSeconds(300));
        spool.runDue();

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("failed mail-relay@domain1.com TEMPORARY_FAILURE");
        assertThat(events.get(1)).isEqualTo("delivered mail-relay@domain1.com");
    }

    @Test
    void runDue_partialSuccess_deliveredRecipientNeverSentAgain() throws IOException {
        QueueId id = partlyDelivered();
        assertThat(entry(id).recipients()).extracting(QueueRecipient::state)
                .containsExactly(RecipientState.DELIVERED, RecipientState.PENDING);

        clock.advance(Duration.ofSeconds(300));
        spool.runDue();

        assertThat(client.recipientsSent()).containsExactly("contact-sales@domain1.com", "contact-legal@domain1.com",
                "contact-legal@domain1.com");
        assertThat(spool.show(id)).isEmpty();
        assertThat(spool.stats().delivered()).isEqualTo(2);
        assertThat(spool.stats().deferred()).isEqualTo(1);
    }

    @Test
    void runDue_partialSuccess_stateOnDiskSurvivesReopen() throws IOException {
        QueueId id = partlyDelivered();
        spool.close();

        open();
        clock.advance(Duration.ofSeconds(300));
        spool.runDue();

        assertThat(client.recipientsSent()).containsExactly("contact-sales@domain1.com", "contact-legal@domain1.com",
                "contact-legal@domain1.com");
        assertThat(spool.show(id)).isEmpty();
    }

    @Test
    void runDue_temporaryFailures_backoffDoublesFromMinToMax() throws IOException {
        QueueId id = openWithOneMessage();
        client.answer(FakeSmtpClient::temp);
        List<Long> delays = new java.util.ArrayList<>();

        for (int i = 0; i < 6; i++) {
            Instant before = clock.instant();
            assertThat(spool.runDue()).isEqualTo(1);
            Instant next = entry(id).nextAttempt();
            delays.add(Duration.between(before, next).toSeconds());
            clock.advance(Duration.ofSeconds(1));
            assertThat(spool.runDue()).as("not due before its backoff").isZero();
            clock.set(next);
        }

        // 300+600+1200+2400 s = 75 min; then capped at 4000 s; the last attempt is pulled in to the 3 h lifetime
        assertThat(delays).containsExactly(300L, 600L, 1200L, 2400L, 4000L, 10800L - 300 - 600 - 1200 - 2400 - 4000);
        assertThat(entry(id).recipients().get(0).attempts()).isEqualTo(6);
    }

    @Test
    void runDue_temporaryUntilLifetime_deadLetterWithLastReplyAndBounceToSender() throws IOException {
        QueueId id = openWithOneMessage();
        client.answer(FakeSmtpClient::temp);

        for (int i = 0; i < 20 && spool.show(id).map(e -> !e.dead()).orElse(false); i++) {
            spool.runDue();
            QueueEntry e = entry(id);
            if (!e.dead()) {
                clock.set(e.nextAttempt());
            }
        }

        QueueEntry dead = entry(id);
        assertThat(dead.dead()).isTrue();
        assertThat(dead.recipients().get(0).state()).isEqualTo(RecipientState.FAILED);
        assertThat(dead.recipients().get(0).lastReply()).contains("gave up after").contains("450 4.7.1 try again later");
        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".env", id + ".msg");
        assertThat(spool.stats().dead()).isEqualTo(1);
        assertThat(spool.stats().bounced()).isEqualTo(1);
        assertBounceSent("4.7.1");
    }

    @Test
    void runDue_permanentFailure_deadAtOnceAndRfc3464BounceThroughSameAccount() throws IOException {
        QueueId id = openWithOneMessage();
        client.answer(FakeSmtpClient::perm);

        spool.runDue();

        assertThat(entry(id).dead()).isTrue();
        assertThat(entry(id).deadReason()).contains("550 5.1.1 no such user");
        assertBounceSent("5.1.1");
    }

    private void assertBounceSent(String status) {
        client.answer(FakeSmtpClient::ok);
        int before = client.sent().size();
        spool.runDue();
        assertThat(client.sent()).hasSize(before + 1);
        FakeSmtpClient.Sent bounce = client.sent().get(before);
        assertThat(bounce.envelope().sender()).as("null sender").isNull();
        assertThat(bounce.envelope().recipients()).containsExactly(JANE);
        assertThat(bounce.account().accountName()).isEqualTo(ACCOUNT);
        assertThat(bounce.body())
                .contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Content-Type: message/delivery-status")
                .contains("Original-Recipient: rfc822; contact-sales@mailer.domain1.com")
                .contains("Final-Recipient: rfc822; contact-sales@domain1.com")
                .contains("Action: failed").contains("Status: " + status)
                .contains("Content-Type: text/rfc822-headers")
                .contains("Content-Type: text/rfc822-headers\r\n\r\nFrom: Jane <jane@example.org>\r\n"
                        + "To: contact-sales@mailer.domain1.com\r\nSubject: hello\r\n\r\n--")
                .as("only the headers a bounce needs are quoted").doesNotContain("DKIM-Signature")
                .contains("Auto-Submitted: auto-replied")
                .doesNotContain("body line");
    }

    @Test
    void runDue_sendBouncesFalse_deadWithItsReason_noBounce() throws IOException {
        config = RelayConfig.builder(config).global(g -> g.sendBounces(false)).build();
        QueueId id = openWithOneMessage();

        failForGoodThenRunBounces();

        assertDeadWithoutBounce(id);
        assertThat(entry(id).deadReason()).contains("550 5.1.1 no such user");
    }

    @Test
    void runDue_bounceRateLimitPerHour_perAccount_moreAfterAnHour() throws IOException {
        config = RelayConfig.builder(config).global(g -> g.bounceRateLimitPerHour(2)).build();
        open();
        client.answer(FakeSmtpClient::perm);
        List<QueueId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com"));
        }
        accept(JANE, MESSAGE, "contact-privacy@mailer.domain1.com"); // another account: a limit of its own

        spool.runDue();

        assertThat(spool.stats().bounced()).isEqualTo(3);
        for (QueueId id : ids) {
            assertThat(entry(id).deadReason()).as("dead with its reason, bounced or not").contains("550 5.1.1");
        }

        clock.set(T0.plus(Duration.ofMinutes(61)));
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        spool.runDue();

        assertThat(spool.stats().bounced()).isEqualTo(4);
    }

    @Test
    void runDue_permanentFailureOfOutboundSubmission_deadWithoutBounce() throws IOException {
        open();
        EmailAddress alias = EmailAddress.parse("contact-sales@mailer.domain1.com");
        QueueId id = spool.submit(RelayPolicy.create(config).authorizeOutbound(alias, List.of(JANE)), List.of(JANE),
                out -> out.write("From: contact-sales@domain1.com\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8)));

        failForGoodThenRunBounces();

        assertDeadWithoutBounce(id);
    }

    @Test
    void runDue_permanentFailureOfNullSender_deadWithoutBounce() throws IOException {
        open();
        QueueId id = accept(null, MESSAGE, "contact-sales@mailer.domain1.com");

        failForGoodThenRunBounces();

        assertDeadWithoutBounce(id);
    }

    @Test
    void runDue_permanentFailureOfAutoSubmitted_noBounce() throws IOException {
        open();
        QueueId id = accept(JANE, "Auto-Submitted: auto-replied\r\n" + MESSAGE, "contact-sales@mailer.domain1.com");

        failForGoodThenRunBounces();

        assertDeadWithoutBounce(id);
    }

    @Test
    void runDue_failedBounce_isNotBouncedAgain() throws IOException {
        open();
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");

        failForGoodThenRunBounces(); // the bounce fails too

        assertThat(spool.stats().bounced()).isEqualTo(1);
        assertThat(spool.stats().dead()).isEqualTo(2);
        assertThat(spool.stats().depth()).isZero();
    }

    @Test
    void runDue_rateLimited_waitsInSpoolWithoutAttemptThenDelivers() throws IOException {
        QueueId id = openWithOneMessage();
        limiter.shut();

        spool.runDue();

        QueueEntry waiting = entry(id);
        assertThat(waiting.dead()).isFalse();
        assertThat(waiting.recipients().get(0).state()).isEqualTo(RecipientState.PENDING);
        assertThat(waiting.recipients().get(0).attempts()).isZero();
        assertThat(waiting.nextAttempt()).isEqualTo(T0.plusSeconds(1));
        assertThat(client.sent()).isEmpty();

        limiter.open();
        clock.advance(Duration.ofSeconds(1));
        spool.runDue();
        assertThat(client.sent()).hasSize(1);
        assertThat(spool.show(id)).isEmpty();
    }

    @Test
    void runDue_recipientsOfTwoAccounts_oneTransactionEachThroughItsAccount() throws IOException {
        open();
        accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com", "contact-privacy@mailer.domain1.com",
                "contact-legal@mailer.domain1.com");

        spool.runDue();

        assertThat(client.sent()).hasSize(2);
        assertThat(client.sent().get(0).account().accountName()).isEqualTo(ACCOUNT);
        assertThat(client.sent().get(0).envelope().sender().address()).isEqualTo(ACCOUNT);
        assertThat(client.sent().get(0).envelope().recipients()).extracting(EmailAddress::address)
                .containsExactly("contact-sales@domain1.com", "contact-legal@domain1.com");
        assertThat(client.sent().get(1).account().accountName()).isEqualTo(ACCOUNT2);
        assertThat(client.sent().get(1).envelope().sender().address()).isEqualTo(ACCOUNT2);
        assertThat(client.sent().get(1).envelope().recipients()).extracting(EmailAddress::address)
                .containsExactly("privacy@domain2.com");
    }

    @Test
    void runDue_oneAccountRateLimitedOtherFailing_backoffKeptNotRetriedEarly() throws IOException {
        open();
        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com", "contact-privacy@mailer.domain1.com");
        limiter.passOnly(account -> !account.accountName().equals(ACCOUNT2));
        client.answer(FakeSmtpClient::temp);

        spool.runDue();

        QueueEntry e = entry(id);
        assertThat(e.recipients()).extracting(QueueRecipient::attempts).containsExactly(1, 0);
        assertThat(e.nextAttempt()).isEqualTo(T0.plusSeconds(300));
        assertThat(client.sent()).hasSize(1);
    }

    @Test
    void runDue_accountRemovedFromConfig_staysQueued() throws IOException {
        QueueId id = openWithOneMessage();
        RelayConfig next = RelayConfig.builder().global(g -> g.spoolDir(dir)).domain(upstream("other.com", "x@other.com")).build();
        pipeline.reconfigure(next); // as RelayAssembly.reconfigure does: the pipeline finds the accounts
        spool.reconfigure(next);

        spool.runDue();

        assertThat(client.sent()).isEmpty();
        assertThat(entry(id).recipients().get(0).lastReply()).contains("not in the configuration");
        assertThat(entry(id).dead()).isFalse();
    }

    // ---- control ----

    @Test
    void retryNow_deferredMessage_dueAtOnce() throws IOException {
        QueueId id = openWithOneMessage();
        deferOnce();
        assertThat(spool.runDue()).isZero();

        assertThat(spool.retryNow(id)).isTrue();
        assertThat(spool.runDue()).isEqualTo(1);

        assertThat(spool.show(id)).isEmpty();
        assertThat(spool.retryNow(id)).isFalse();
    }

    @Test
    void retryAll_everyDeferredMessageDue() throws IOException {
        openWithTwoDeferredMessages();

        assertThat(spool.retryAll()).isEqualTo(2);
        assertThat(spool.runDue()).isEqualTo(2);
        assertThat(spool.stats().depth()).isZero();
    }

    @Test
    void purge_queuedMessage_movedToDeadThenDeleted() throws IOException {
        QueueId id = openWithOneMessage();

        assertThat(spool.purge(id)).isTrue();
        assertThat(entry(id).deadReason()).isEqualTo("purged by operator");
        assertThat(entry(id).recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.PURGED);
        assertThat(entry(id).pending()).isEmpty();
        assertThat(spool.stats().dead()).isEqualTo(1);
        assertThat(spool.runDue()).isZero();
        assertThat(client.sent()).isEmpty();

        assertThat(spool.purge(id)).isTrue();
        assertThat(spool.show(id)).isEmpty();
        assertThat(names(dir.resolve("dead"))).isEmpty();
        assertThat(spool.purge(id)).isFalse();
    }

    /** Upstream answers that wait until released, so that a test can act while an attempt is in flight. */
    final class HeldAnswers {
        private final CountDownLatch inSend = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HeldAnswers(Function<EmailAddress, RecipientResult> answer) {
            client.answer(r -> {
                inSend.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return answer.apply(r);
            });
        }

        /** Waits until a worker is inside an attempt. */
        void awaitAttempt() throws InterruptedException {
            assertThat(inSend.await(30, TimeUnit.SECONDS)).as("a worker picked the message up").isTrue();
        }

        /** Lets every attempt, held or to come, answer. */
        void release() {
            released.countDown();
        }
    }

    @Test
    void purge_duringAnAttempt_appliedWhenItEnds_keepingWhatItDelivered() throws Exception {
        HeldAnswers held = new HeldAnswers(r -> r.localPart().equals("contact-sales") ? FakeSmtpClient.ok(r) : FakeSmtpClient.temp(r));
        spool = builder().threads(1).open();
        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com", "contact-legal@mailer.domain1.com");
        held.awaitAttempt();

        assertThat(spool.purge(id)).isTrue();
        assertThat(entry(id).dead()).as("not while its attempt is in flight").isFalse();
        held.release();
        Await.until("the dead letter written and counted", () -> spool.stats().dead() > 0);

        QueueEntry dead = entry(id);
        assertThat(dead.deadReason()).isEqualTo(QueueStore.PURGED_REASON);
        assertThat(dead.recipients()).extracting(QueueRecipient::state).containsExactly(RecipientState.DELIVERED, RecipientState.PURGED);
        assertThat(client.sent()).hasSize(1);
    }

    @Test
    void workers_attemptLongerThanItsLease_leaseRenewedSoNoOtherOwnerTakesItOver() throws Exception {
        HeldAnswers held = new HeldAnswers(FakeSmtpClient::ok);
        Duration lease = Duration.ofMinutes(5);
        try (QueueStore store = QueueStore.files(dir.resolve("shared"))) {
            spool = builder().clock(clock).threads(1).store(store)
                    .claimAs("spool-test", lease).controlPoll(Duration.ofMillis(20)).open();
            QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
            held.awaitAttempt();
            Instant firstExpiry = T0.plus(lease);
            assertThat(store.nextDue()).contains(firstExpiry);

            clock.advance(Duration.ofMinutes(4)); // less than half of the lease is left: the dispatcher renews it
            Await.until("the lease renewed", () -> store.nextDue().orElseThrow().isAfter(firstExpiry));
            clock.advance(Duration.ofMinutes(2)); // past the first expiry

            assertThat(store.nextDue().orElseThrow()).isAfter(clock.instant());
            assertThat(store.claim("another-process", clock.instant(), 10, lease)).as("still held by the spool").isEmpty();
            held.release();
            spool.close();
            spool = null;
            assertThat(store.show(id)).as("delivered and removed under the renewed lease").isEmpty();
            assertThat(client.sent()).hasSize(1);
        }
    }

    @Test
    void builderStore_spoolRunsOnItAndLeavesItOpen() throws IOException {
        try (QueueStore store = QueueStore.files(dir.resolve("other"))) {
            spool = builder().clock(clock).threads(0).store(store).open();
            QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
            assertThat(store.show(id)).isPresent();
            assertThat(names(dir.resolve("other/queue"))).containsExactly(id + ".msg");

            spool.runDue();
            spool.close();
            spool = null;

            assertThat(store.show(id)).isEmpty();
            assertThat(client.sent()).hasSize(1);
            assertThat(store.claim("after", T0, 1, Duration.ofMinutes(1))).as("the store is still open").isEmpty();
        }
    }

    @Test
    void list_queuedThenDead_oldestFirst() throws IOException {
        open();
        QueueId first = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        clock.advance(Duration.ofSeconds(5));
        QueueId second = accept(JANE, MESSAGE, "contact-legal@mailer.domain1.com");
        clock.advance(Duration.ofSeconds(5));
        QueueId third = accept(JANE, MESSAGE, "contact-legal@mailer.domain1.com");
        spool.purge(first);

        assertThat(spool.list()).extracting(QueueEntry::id).containsExactly(second, third, first);
        assertThat(spool.stats().oldestAge()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void otherProcess_whileOwnerRuns_leavesRequestsTheOwnerApplies() throws IOException {
        open();
        QueueId deferred = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        QueueId doomed = accept(JANE, MESSAGE, "contact-legal@mailer.domain1.com");
        deferOnce();
        QueueControl cli = QueueControl.open(dir);

        assertThat(cli.list()).extracting(QueueEntry::id).containsExactlyInAnyOrder(deferred, doomed);
        assertThat(cli.retryNow(deferred)).isTrue();
        assertThat(cli.purge(doomed)).isTrue();
        assertThat(names(dir.resolve("control"))).containsExactlyInAnyOrder("retry." + deferred, "purge." + doomed);
        assertThat(cli.show(doomed).orElseThrow().dead()).as("not applied by the other process").isFalse();

        spool.runDue();

        assertThat(names(dir.resolve("control"))).isEmpty();
        assertThat(spool.show(deferred)).isEmpty();
        assertThat(cli.show(doomed).orElseThrow().deadReason()).isEqualTo("purged by operator");
        assertThat(cli.stats().depth()).isZero();
    }

    @Test
    void otherProcess_retryAllWhileOwnerRuns_everyMessageDueAndBadRequestsDropped() throws IOException {
        openWithTwoDeferredMessages();
        Files.writeString(dir.resolve("control/retry.not an id"), "");
        Files.writeString(dir.resolve("control/something-else"), "");

        assertThat(QueueControl.open(dir).retryAll()).isEqualTo(2);
        assertThat(spool.runDue()).isEqualTo(2);

        assertThat(spool.stats().depth()).isZero();
        assertThat(names(dir.resolve("control"))).isEmpty();
    }

    @Test
    void otherProcess_noOwner_appliesDirectly() throws IOException {
        QueueId id = openWithOneMessage();
        client.answer(FakeSmtpClient::temp);
        spool.runDue();
        spool.close();
        spool = null;
        clock.advance(Duration.ofSeconds(10));
        QueueControl cli = new FileAdmin(SpoolFiles.existing(dir), clock);
        assertThat(cli.show(id).orElseThrow().nextAttempt()).isEqualTo(T0.plusSeconds(300));

        assertThat(cli.retryNow(id)).isTrue();
        assertThat(cli.show(id).orElseThrow().nextAttempt()).isEqualTo(T0.plusSeconds(10));
        assertThat(cli.purge(id)).isTrue();

        assertThat(cli.show(id).orElseThrow().dead()).isTrue();
        assertThat(names(dir.resolve("control"))).isEmpty();
    }

    @Test
    void open_secondOwner_refusedWhileFirstHoldsLock() {
        open();

        assertThatThrownBy(() -> Spool.builder(config, pipeline(RateLimiter.create(config), RelayListener.NONE)).threads(0).open())
                .isInstanceOf(SpoolException.class).hasMessageContaining("owned by another");
    }

    @Test
    void claimAs_blankOwnerOrLeaseOutOfRange_refusedNamingIt() {
        assertThatThrownBy(() -> builder().claimAs(" ", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("owner must not be blank");
        assertThatThrownBy(() -> builder().claimAs("relay-1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease duration must be positive");
        // a longer one would overflow now + lease in the dispatcher
        assertThatThrownBy(() -> builder().claimAs("relay-1", Duration.ofDays(999_999_999_999L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease duration must be at most 1d");
        assertThatThrownBy(() -> builder().claimAs(null, Duration.ofMinutes(5)))
                .isInstanceOf(NullPointerException.class).hasMessage("owner");
    }

    @Test
    void queueControlOpen_notASpool_refused(@TempDir Path empty) {
        assertThatThrownBy(() -> QueueControl.open(empty)).isInstanceOf(SpoolException.class);
    }

    @Test
    void queueControlOpen_nullId_refusedNamingIt() throws IOException {
        openWithOneMessage();
        QueueControl cli = QueueControl.open(dir);

        assertThatThrownBy(() -> cli.show(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> cli.retryNow(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> cli.purge(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
    }

    // ---- recovery ----

    @Test
    void open_afterCrashBeforeCommit_leftoversRemovedNothingQueued() throws IOException {
        open();
        spool.close();
        Files.writeString(dir.resolve("incoming/ABC-1.msg"), "ssmtp-mailer-spool 1\nid ABC-1\n"); // never renamed

        open();

        assertNothingStored();
    }

    @Test
    void open_afterCrashWithQueuedMessage_rescheduledAndDelivered() throws IOException {
        QueueId id = acceptedThenStopped();

        open();
        spool.runDue();

        assertThat(client.sent()).singleElement().satisfies(s -> assertThat(s.body()).isEqualTo(MESSAGE));
        assertThat(spool.show(id)).isEmpty();
        assertThat(names(queueDir())).isEmpty();
    }

    @Test
    void open_afterCrashMidStateUpdate_previousStateKeptTempRemoved() throws IOException {
        QueueId id = acceptedThenStopped();
        Files.writeString(queueDir().resolve(id + ".env.tmp"), "ssmtp-mailer-spool 1\nid " + id + "\nrcpt F DELIV");

        open();
        spool.stats(); // waits for the listing of queue/, in the background, which removes the leftovers

        assertThat(names(queueDir())).containsExactly(id + ".msg");
        assertThat(entry(id).recipients().get(0).state()).isEqualTo(RecipientState.PENDING);
        spool.runDue();
        assertThat(client.sent()).hasSize(1);
    }

    @Test
    void open_afterCrashWithStateFile_stateFileSupersedesAcceptedEnvelope() throws IOException {
        open();
        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com", "contact-legal@mailer.domain1.com");
        QueueEntry accepted = entry(id);
        spool.close();
        // an attempt had delivered the first recipient and written the state, then the process died
        List<QueueRecipient> rcpts = List.of(accepted.recipients().get(0).attempted(RecipientState.DELIVERED, "250 ok"),
                accepted.recipients().get(1));
        Files.write(queueDir().resolve(id + ".env"), EntryFormat.encode(accepted.withRecipients(rcpts, accepted.nextAttempt())));

        open();
        spool.runDue();

        assertThat(client.sent()).singleElement().satisfies(s -> assertThat(s.envelope().recipients())
                .containsExactly(accepted.recipients().get(1).deliverTo()));
        assertThat(names(queueDir())).isEmpty();
    }

    @Test
    void open_stateFileWithoutMessage_interruptedRemovalFinished() throws IOException {
        QueueId id = openWithOneMessage();
        QueueEntry accepted = entry(id);
        spool.close();
        // the removal of a delivered message unlinks the message file first, then the state file
        Files.write(queueDir().resolve(id + ".env"), EntryFormat.encode(accepted));
        Files.delete(queueDir().resolve(id + ".msg"));

        open();
        spool.runDue();

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).isEmpty();
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void open_corruptEnvelope_movedToDeadWithReasonNeverDeleted_whenClaimed() throws IOException {
        QueueId id = acceptedThenStoppedAndSettled();
        Path msg = queueDir().resolve(id + ".msg");
        byte[] bytes = Files.readAllBytes(msg);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\nend\n", "\nEND\n"); // lost its "end" line
        Files.write(msg, text.getBytes(StandardCharsets.ISO_8859_1));

        open();
        // the open reads no envelope (a deep queue must not delay it): the claim finds the damage
        assertThat(names(queueDir())).containsExactly(id + ".msg");
        spool.runDue();

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".msg", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).contains("truncated");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".msg"))).endsWith(MESSAGE);
    }

    @Test
    void runDue_messageFileUnreadableForAWhile_keptQueuedAndSentOnceReadableAgain() throws IOException {
        QueueId id = acceptedThenStoppedAndSettled();
        Path msg = queueDir().resolve(id + ".msg");
        Path aside = dir.resolve(id + ".aside");
        Files.move(msg, aside);
        Files.createDirectory(msg); // reading it fails with an IOException that says nothing about the content (as EIO)

        openAndClaimKeepsItQueued(id);
        Files.delete(msg);
        Files.move(aside, msg);
        clock.advance(Duration.ofSeconds(30));
        spool.runDue(); // given back with a backoff, not claimed again at once

        assertThat(client.sent()).isEmpty();
        sentAfter(Duration.ofMinutes(1));
    }

    /** Opens the spool and claims: the message whose files cannot be read stays queued and indexed. */
    private void openAndClaimKeepsItQueued(QueueId id) throws IOException {
        open();
        spool.runDue();

        assertThat(names(dir.resolve("dead"))).isEmpty();
        assertThat(names(queueDir())).contains(id + ".msg");
        assertThat(spool.stats().depth()).isEqualTo(1);
    }

    /** After {@code wait}, the next claim sends the message, and nothing went to dead/. */
    private void sentAfter(Duration wait) throws IOException {
        clock.advance(wait);
        spool.runDue();

        assertThat(client.sent()).hasSize(1);
        assertThat(names(dir.resolve("dead"))).isEmpty();
    }

    @Test
    void open_stateFileUnreadableForAWhile_keptQueuedNotDead() throws IOException {
        QueueId id = acceptedThenStopped();
        Path env = queueDir().resolve(id + ".env");
        Files.createDirectory(env); // reading it fails with an IOException that says nothing about the content

        openAndClaimKeepsItQueued(id); // the recovery scan reads the state file first, then the claim
        Files.delete(env);
        sentAfter(Duration.ofMinutes(2));
    }

    @Test
    void runDue_damagedMessageWhoseMoveToDeadFails_staysQueuedAndIsMovedLater() throws IOException {
        QueueId id = acceptedThenStoppedAndSettled();
        Path msg = queueDir().resolve(id + ".msg");
        String text = new String(Files.readAllBytes(msg), StandardCharsets.ISO_8859_1).replace("\nend\n", "\nEND\n");
        Files.write(msg, text.getBytes(StandardCharsets.ISO_8859_1));
        Path blocked = dir.resolve("dead/" + id + ".reason");
        Files.createDirectory(blocked); // the reason cannot be written: the move to dead/ fails

        open();
        spool.runDue();

        assertThat(names(queueDir())).containsExactly(id + ".msg");
        assertThat(spool.stats().depth()).isEqualTo(1);
        Files.delete(blocked);
        clock.advance(Duration.ofMinutes(2));
        spool.runDue();

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).contains(id + ".msg", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).contains("truncated");
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void runDue_messageFileUnreadableAtEveryClaim_movedToDeadAfterTheBound() throws IOException {
        QueueId id = acceptedThenStoppedAndSettled();
        Path msg = queueDir().resolve(id + ".msg");
        Files.move(msg, dir.resolve(id + ".aside"));
        Files.createDirectory(msg); // fails at every read, as a bad sector or a file the owner may not read
        UnreadableEntry.passingLimit = 3;
        try {
            openAndClaimKeepsItQueued(id);
            clock.advance(Duration.ofMinutes(2));
            spool.runDue();
            assertThat(names(dir.resolve("dead"))).isEmpty();
            clock.advance(Duration.ofMinutes(2));
            spool.runDue();
        } finally {
            UnreadableEntry.passingLimit = 60;
        }

        assertThat(names(queueDir())).isEmpty();
        assertThat(spool.stats().depth()).isZero();
        assertThat(names(dir.resolve("dead"))).contains(id + ".msg", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).startsWith("unreadable at 3 claims in a row");
    }

    @Test
    void runDue_moveToDeadCutShortAfterTheMessageFile_nextClaimMovesTheRestAndKeepsTheReason() throws IOException {
        QueueId id = acceptedThenStopped();
        Path msg = queueDir().resolve(id + ".msg");
        Files.write(queueDir().resolve(id + ".env"), EntryFormat.encode(EntryFormat.readHeader(msg).entry()));
        String text = new String(Files.readAllBytes(msg), StandardCharsets.ISO_8859_1).replace("\nend\n", "\nEND\n");
        Files.write(msg, text.getBytes(StandardCharsets.ISO_8859_1));
        Path blocked = dir.resolve("dead/" + id + ".env");
        Files.createDirectories(blocked.resolve("x")); // the state file cannot be moved: the move stops half way

        open();
        spool.runDue();

        assertThat(names(queueDir())).containsExactly(id + ".env");
        assertThat(spool.stats().depth()).isEqualTo(1);
        Files.delete(blocked.resolve("x"));
        Files.delete(blocked);
        clock.advance(Duration.ofMinutes(2));
        spool.runDue(); // its message file is gone from queue/ now: read as a content error, the move is finished

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).contains(id + ".msg", id + ".env", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).contains("truncated").doesNotContain("queue");
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void open_corruptStateFile_movedToDeadWithMessageAndReason() throws IOException {
        QueueId id = acceptedThenStopped();
        Files.writeString(queueDir().resolve(id + ".env"), "ssmtp-mailer-spool 1\nid " + id + "\n");

        open();
        spool.runDue(); // a claim waits for the recovery scan, which reads the state files

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".env", id + ".msg", id + ".reason");
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void open_messageOfWrongSize_movedToDeadWhenClaimed() throws IOException {
        QueueId id = acceptedThenStoppedAndSettled();
        Files.writeString(queueDir().resolve(id + ".msg"), "extra", java.nio.file.StandardOpenOption.APPEND);

        open();
        spool.runDue();

        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".msg", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).contains("bytes");
    }

    @Test
    void open_messageFileDamagedAfterTheStop_whileTheJournalVouchesForIt_restoredAndDelivered() throws IOException {
        QueueId id = acceptedThenStopped(); // not yet tried: the journal's segment stays and vouches for it
        Files.writeString(queueDir().resolve(id + ".msg"), "extra", java.nio.file.StandardOpenOption.APPEND);

        open();
        spool.runDue();

        assertThat(names(dir.resolve("dead"))).isEmpty();
        assertThat(names(queueDir())).isEmpty();
        assertThat(client.sent()).singleElement().satisfies(m -> assertThat(m.body()).endsWith(MESSAGE));
    }

    /**
     * A message file cut while the message waits, in its envelope or inside its data, fails its attempt with the
     * reason (the claim of a message the store accepted reads no envelope again), and the next claim, which reads
     * the file, moves it to the dead letters with a reason: never relayed short and removed as delivered.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void runDue_messageFileCutWhileQueued_deferredWithTheReasonThenDead_neverCompleted(boolean insideTheData) throws IOException {
        QueueId id = openWithOneMessage();
        Path msg = queueDir().resolve(id + ".msg");
        long length = insideTheData ? EntryFormat.readHeader(msg).offset() + MESSAGE.length() / 2 : 10;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(msg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }

        assertThat(spool.runDue()).isEqualTo(1);
        QueueEntry deferred = entry(id);
        assertThat(deferred.recipients().get(0).state()).isEqualTo(RecipientState.PENDING);
        assertThat(deferred.recipients().get(0).lastReply()).contains("EOFException").contains(id.value())
                .contains("bytes before the end of its " + MESSAGE.length() + "-byte message");
        clock.set(deferred.nextAttempt());
        spool.runDue();

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".env", id + ".msg", id + ".reason");
        assertThat(Files.readString(dir.resolve("dead/" + id + ".reason"))).startsWith("unreadable: ");
        assertThat(client.sent()).isEmpty();
        assertThat(spool.stats().delivered()).isZero();
    }

    @Test
    void open_interruptedMoveToDead_finished() throws IOException {
        QueueId id = openWithOneMessage();
        QueueEntry accepted = entry(id);
        spool.close();
        // moveToDead had written the final state and renamed the message file, then the process died
        Files.write(queueDir().resolve(id + ".env"), EntryFormat.encode(accepted.dead("purged by operator")));
        Files.move(queueDir().resolve(id + ".msg"), dir.resolve("dead/" + id + ".msg"));

        open();
        spool.stats(); // waits for the listing of queue/, in the background, which finishes the move

        assertThat(names(queueDir())).isEmpty();
        assertThat(names(dir.resolve("dead"))).containsExactly(id + ".env", id + ".msg");
        assertThat(spool.show(id)).hasValueSatisfying(e -> assertThat(e.dead()).isTrue());
    }

    @Test
    void workers_closeDuringAttempt_attemptFinishesAndStateIsWritten() throws Exception {
        HeldAnswers held = new HeldAnswers(FakeSmtpClient::ok);
        spool = builder().threads(1).open();
        QueueId id = accept(JANE, MESSAGE, "contact-sales@mailer.domain1.com");
        held.awaitAttempt();

        Thread closer = new Thread(spool::close);
        closer.start();
        Await.until("close waiting", () -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING);
        assertThat(closer.isAlive()).as("close waits for the attempt in flight").isTrue();
        held.release();
        closer.join();

        assertThat(client.sent()).hasSize(1);
        assertThat(names(queueDir())).as("delivered and removed before close returned").isEmpty();
        spool = null;
        Spool reopened = Spool.builder(config, pipeline(RateLimiter.create(config), RelayListener.NONE)).threads(0).open();
        assertThat(reopened.show(id)).isEmpty();
        reopened.close();
    }

    @Test
    void open_withWorkers_closeStopsThemAndReleasesLock() {
        spool = builder().clock(clock).threads(2).open();
        spool.close();

        Spool again = Spool.builder(config, pipeline(RateLimiter.create(config), RelayListener.NONE)).threads(0).open();
        again.close();
        assertThat(again.directory()).contains(dir.toAbsolutePath());
    }
}
