package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demo_noSetup_relaysTheFiveAliasesAndTheSendExample() {
        Cli.Result r = Cli.run("demo");

        assertThat(r.status()).as(r.err()).isZero();
        for (String alias : new String[] {"general", "legal", "privacy", "support", "sales"}) {
            assertThat(r.out()).containsPattern("forward +contact-" + alias + "@mailer.domain1.com +-> contact-" + alias
                    + "@domain1.com +mail-relay@domain1.com +250");
        }
        assertThat(r.out()).containsPattern("send +contact-general@mailer.domain1.com +as contact-general@domain1.com +mail-relay@domain1.com +250")
                .contains("upstream accepted 6 of 6 messages");
    }
}
