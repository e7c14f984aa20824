package dev.ssmtpmailer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    @Test
    void parse_tokenResponse_readsScalarsAndSkipsNested() {
        Map<String, Object> f = JsonFields.parse(" {\"access_token\":\"ya29.a\\u0041\\n\",\"expires_in\":3599,"
                + "\"scope\":[\"a\",{\"b\":[1,2]}],\"ok\":true,\"none\":null,\"x\":{\"y\":-1.5e3}} ");

        assertThat(f).containsEntry("access_token", "ya29.aA\n").containsEntry("expires_in", "3599")
                .containsEntry("ok", true).containsEntry("none", null).doesNotContainKeys("scope", "x");
    }

    @Test
    void parse_malformed_isRefused() {
        for (String bad : new String[] {"", "[]", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x", "{a:1}",
                "{\"a\":\"\u0001\"}", "{\"a\":\"\\q\"}", "<html>"}) {
            assertThatThrownBy(() -> JsonFields.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parse_deepNesting_isRefusedNotStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        assertThatThrownBy(() -> JsonFields.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }
}
