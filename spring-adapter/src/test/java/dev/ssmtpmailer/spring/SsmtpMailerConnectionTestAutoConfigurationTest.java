package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** {@code ssmtp-mailer.test-connection} against a real SMTP server (GreenMail) that requires AUTH. */
class SsmtpMailerConnectionTestAutoConfigurationTest {
    private GreenMail gmail;
    private ApplicationContextRunner runner;

    @BeforeEach
    void startGmail() {
        gmail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        gmail.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        gmail.start();
        gmail.setUser(TestProperties.ACCOUNT, TestProperties.ACCOUNT, "app-password");
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                        SsmtpMailerConnectionTestAutoConfiguration.class))
                .withPropertyValues(TestProperties.guide("127.0.0.1", gmail.getSmtp().getPort()))
                .withPropertyValues("ssmtp-mailer.domains[0].use-starttls=false");
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
