package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.testing.Maildirs;

import static dev.ssmtpmailer.testing.RecipientOutcomes.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.Peers;
import dev.ssmtpmailer.testing.RequiresPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Interoperability with the real Postfix of {@code upstream-smtp.sh} and with {@code smtp-sink}. */
class UpstreamSmtpIT {
    private static final EmailAddress FROM = EmailAddress.parse("contact-general@domain1.com");

    private static DomainConfig account(Peers.UpstreamSmtp up, AuthMethod auth) {
        return DomainConfig.builder("domain1.com").smtpServer(up.host()).smtpPort(up.port()).tls(TlsMode.STARTTLS)
                .authMethod(auth).username(up.user()).password(up.password()).caFile(up.tlsCert()).build();
    }

    private static MessageBody message(String subject) {
        return MessageBody.of(("From: contact-general@domain1.com\nTo: someone@example.com\nSubject: " + subject
                + "\n\nbody of " + subject + "\n.leading dot\n").getBytes(StandardCharsets.US_ASCII));
    }


    @RequiresPeer(Peer.UPSTREAM_SMTP)
    @ParameterizedTest
    @CsvSource({"LOGIN", "PLAIN"})
    void send_startTlsAndAuth_deliveredIntoMaildir(AuthMethod auth) throws Exception {
        Peers.UpstreamSmtp up = Peers.upstreamSmtp();
        String subject = "it-" + auth + "-" + UUID.randomUUID();
        EmailAddress to = EmailAddress.parse("rcpt-" + auth.name().toLowerCase(java.util.Locale.ROOT) + "@example.com");

        List<RecipientResult> results;
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            results = client.send(account(up, auth), Envelope.of(FROM, to), message(subject));
        }

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.replyCode()).isEqualTo(250);
            assertThat(r.enhancedStatus()).isEqualTo("2.0.0");
        });
        String file = Maildirs.awaitMessage(up.maildirNew(), subject);
        assertThat(file).contains("Delivered-To: " + to.address()).contains("Return-Path: <" + FROM.address() + ">")
                .contains("with ESMTPSA").contains("\n.leading dot");
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void send_wrongPassword_authFailureNamesAccount() {
        Peers.UpstreamSmtp up = Peers.upstreamSmtp();
        DomainConfig account = account(up, AuthMethod.LOGIN).toBuilder().password("not-the-password").build();

        List<RecipientResult> results;
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            results = client.send(account, Envelope.of(FROM, EmailAddress.parse("x@example.com")), message("wrong"));
        }

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.phase()).isEqualTo(SmtpPhase.AUTH);
            assertThat(r.replyCode()).isEqualTo(535);
            assertThat(r.enhancedStatus()).isEqualTo("5.7.8");
            assertThat(r.reply()).startsWith("authentication failed for account " + up.user() + ": 535 5.7.8")
                    .doesNotContain("not-the-password");
        });
    }

    @RequiresPeer(Peer.PRIVATE_PEERS)
    @ParameterizedTest
    @CsvSource({
            "FAULT_TEMP_PCT, rcpt, TEMPORARY_FAILURE, RCPT, 450",
            "FAULT_PERM_PCT, rcpt, PERMANENT_FAILURE, RCPT, 554",
            "FAULT_TEMP_PCT, data, TEMPORARY_FAILURE, DATA, 450",
            "FAULT_PERM_PCT, data, PERMANENT_FAILURE, DATA, 554",
            "FAULT_TEMP_PCT, eod, TEMPORARY_FAILURE, END_OF_DATA, 450",
            "FAULT_PERM_PCT, eod, PERMANENT_FAILURE, END_OF_DATA, 554"})
    void send_injectedFault_mapsToStatusAndPhase(String fault, String at, DeliveryStatus status, SmtpPhase phase, int code) {
        try (Peers.PrivatePeer peer = Peers.startPrivate("upstream-smtp.sh",
                Map.of("SMTPS_PORT", "0", fault, "100", "FAULT_AT", at))) {
            Peers.UpstreamSmtp up = peer.asUpstream();

            List<RecipientResult> results;
            try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
                results = client.send(account(up, AuthMethod.LOGIN),
                        Envelope.of(FROM, EmailAddress.parse("a@example.com"), EmailAddress.parse("b@example.org")),
                        message("fault-" + at));
            }

            assertThat(results).hasSize(2).allSatisfy(outcome(status, code, code == 450 ? "4.7.1" : "5.7.1", phase));
        }
    }

    @Test
    @RequiresPeer(Peer.UPSTREAM_SMTP)
    void probe_startTlsAndImplicitTls_walkEveryStepOfTheRealPostfix() {
        Peers.UpstreamSmtp up = Peers.upstreamSmtp();
        org.junit.jupiter.api.Assumptions.assumeTrue(up.smtpsPort() > 0, "upstream-smtp runs without SMTPS_PORT");
        DomainConfig startTls = account(up, AuthMethod.LOGIN);
        DomainConfig implicit = DomainConfig.builder("smtps").smtpServer(up.host()).smtpPort(up.smtpsPort())
                .tls(TlsMode.IMPLICIT).authMethod(AuthMethod.PLAIN).username(up.user()).password(up.password())
                .caFile(up.tlsCert()).build();

        ProbeResult viaStartTls;
        ProbeResult viaSmtps;
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            viaStartTls = client.probe(startTls);
            viaSmtps = client.probe(implicit);
        }

        assertThat(viaStartTls.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE,
                ProbeStep.Step.CONNECT, ProbeStep.Step.GREETING, ProbeStep.Step.EHLO, ProbeStep.Step.STARTTLS,
                ProbeStep.Step.TLS, ProbeStep.Step.EHLO, ProbeStep.Step.AUTH);
        assertThat(viaStartTls.steps()).allMatch(s -> s.verdict() == ProbeStep.Verdict.PASSED);
        assertThat(viaStartTls.steps().get(4).reply()).isEqualTo("220 2.0.0 Ready to start TLS");
        assertThat(viaStartTls.steps().get(5).detail()).contains("certificate CN=smtp.domain1.com").endsWith(", verified");
        assertThat(viaStartTls.steps().get(7).reply()).isEqualTo("235 2.7.0 Authentication successful");
        assertThat(viaSmtps.steps()).extracting(ProbeStep::step).containsExactly(ProbeStep.Step.RESOLVE,
                ProbeStep.Step.CONNECT, ProbeStep.Step.TLS, ProbeStep.Step.GREETING, ProbeStep.Step.EHLO, ProbeStep.Step.AUTH);
        assertThat(viaSmtps.healthy()).as(viaSmtps.detail()).isTrue();
    }

    @Test
    @RequiresPeer(Peer.SMTP_SINK)
    void send_sinkWithoutStartTls_refusedInPhaseTls() {
        Peers.SmtpSink sink = Peers.smtpSink();
        DomainConfig account = DomainConfig.builder("sink").smtpServer(sink.host()).smtpPort(sink.port())
                .tls(TlsMode.STARTTLS).authMethod(AuthMethod.LOGIN).username("u").password("p").build();

        List<RecipientResult> results;
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.builder().readTimeout(Duration.ofSeconds(10)).build())) {
            results = client.send(account, Envelope.of(FROM, EmailAddress.parse("a@example.com")), message("sink"));
        }

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.TEMPORARY_FAILURE);
            assertThat(r.phase()).isEqualTo(SmtpPhase.TLS);
            assertThat(r.reply()).contains("STARTTLS");
            // smtp-sink answers any AUTH with "250 2.0.0 Ok": had AUTH been sent, the failure would say so
            assertThat(r.reply()).doesNotContain("250 2.0.0");
        });
    }
}
