package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** {@code ssmtp-mailer.test-connection} against a real SMTP server (GreenMail) that requires AUTH. */
class SsmtpMailerConnectionTestAutoConfigurationTest {
    private GreenMail gmail;
    private ApplicationContextRunner runner;

    @BeforeEach
    void startGmail() {
        gmail = TestProperties.startGmail();
        gmail.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        runner = TestProperties.runnerOn(gmail, SsmtpMailerConnectionTestAutoConfiguration.class);
    }

    @AfterEach
    void stopGmail() {
        gmail.stop();
    }

    @Test
    void testConnection_accountLogsIn_applicationStarts() {
        runner.withPropertyValues("ssmtp-mailer.test-connection=true")
                .run(context -> assertThat(context).hasNotFailed().hasBean("ssmtpMailerConnectionTest"));
    }

    @Test
    void testConnection_wrongPassword_startupFailsNamingAccountAndPhase() {
        runner.withPropertyValues("ssmtp-mailer.test-connection=true", "ssmtp-mailer.domains[0].password=wrong")
                .run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("ssmtp-mailer.test-connection: 1 of 1 upstream accounts failed; "
                                + TestProperties.ACCOUNT + " at AUTH: ")
                        .hasMessageNotContaining("wrong"));
    }

    @Test
    void testConnection_unset_noProbeAndNoBean() {
        runner.withPropertyValues("ssmtp-mailer.domains[0].password=wrong")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ssmtpMailerConnectionTest"));
    }
}
