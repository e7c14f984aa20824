package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressListTest {
    @Test
    void parse_namesQuotesAndComments_returnsAddrSpecs() {
        assertThat(AddressList.parse("a@x.org, Bob <b@x.org>, \"Doe, John\" <j@x.org>, c@x.org (Carl, the admin)"))
                .containsExactly("a@x.org", "b@x.org", "j@x.org", "c@x.org");
    }

    @Test
    void parse_group_returnsItsMembers() {
        assertThat(AddressList.parse("team: a@x.org, b@x.org;, c@x.org")).containsExactly("a@x.org", "b@x.org", "c@x.org");
        assertThat(AddressList.parse("undisclosed-recipients:;")).isEmpty();
    }

    @Test
    void parse_empty_returnsNothing() {
        assertThat(AddressList.parse("  ")).isEmpty();
    }
}
