package dev.ssmtpmailer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    @Test
    void fields_comeInTheOrderAdded_nullAsNull() {
        String json = new JsonObject().str("status", "UP").num("depth", 3).bool("ok", true).str("detail", null)
                .raw("disk", new JsonObject().raw("free_bytes", "null")).toString();

        assertThat(json).isEqualTo("{\"status\":\"UP\",\"depth\":3,\"ok\":true,\"detail\":null,\"disk\":{\"free_bytes\":null}}");
    }

    @Test
    void quote_escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonObject.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    }

    @Test
    void array_joinsValuesAlreadyInJson() {
        assertThat(JsonObject.array(List.of(new JsonObject().num("a", 1), "2"))).isEqualTo("[{\"a\":1},2]");
        assertThat(JsonObject.array(List.of())).isEqualTo("[]");
    }
}
