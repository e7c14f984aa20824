package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.ServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.subethamail.smtp.RejectException;

/**
 * Whatever a client sends, the server answers with well-formed ASCII replies or closes the connection; it never
 * hangs and never logs a WARN, an ERROR or a stack trace. And the {@code MAIL}/{@code RCPT} argument parser
 * accepts exactly the well-formed arguments.
 */
class SmtpInputProperties {
    private static final String[] VERBS = {"HELO ", "EHLO ", "MAIL FROM:", "MAIL FROM:<", "RCPT TO:", "RCPT TO:<",
        "DATA", "BDAT ", "RSET", "NOOP ", "VRFY ", "EXPN ", "HELP ", "QUIT", "STARTTLS", "AUTH PLAIN ", "X", ".", ""};
    private static RelayServer server;

    @BeforeContainer
    static void start() {
        server = RelayServer.builder(TestServers.trustingLoopback(), new FakeQueue()).listen("127.0.0.1", 0)
                .limits(ServerLimits.builder().errorDelay(Duration.ZERO).build()).build().start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 200)
    void server_anyInput_repliesInAsciiOrClosesAndNeverLogsAStackTrace(@ForAll("sessions") List<byte[]> lines)
            throws IOException {
        String replies;
        try (LogCapture log = new LogCapture(); Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.setSoTimeout(30_000); // a hang fails the property with a SocketTimeoutException
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] line : lines) {
                    out.write(line);
                }
                out.flush();
                s.shutdownOutput();
            } catch (SocketException closedByTheServer) {
                // the server may close first (hard error limit, a bad line ending): that is a clean end
            }
            replies = readToEnd(s.getInputStream());
            assertThat(log.text()).doesNotContain("ERROR", "WARN", "\tat ");
        }
        for (String line : replies.split("\r\n")) {
            assertThat(line).as("a reply line").matches("[2-5][0-9][0-9]([ -][\\x20-\\x7e]*)?");
        }
    }

    @Property(tries = 2000)
    void parse_anyArguments_parseOrAre501Or555(@ForAll("commandLines") String line) {
        try {
            PathArguments a = PathArguments.parse(line, line.regionMatches(true, 0, "RCPT", 0, 4) ? "TO:" : "FROM:");
            assertThat(a.path().length()).isLessThanOrEqualTo(PathArguments.MAX_PATH);
            assertThat(a.size()).isNotNegative();
        } catch (RejectException e) {
            assertThat(e.getCode()).isIn(501, 555);
            assertThat(e.getErrorResponse()).matches("5\\d\\d 5\\.5\\.[24] [\\x20-\\x7e]*");
        }
    }

    @Property(tries = 1000)
    void parse_wellFormedArguments_roundTrip(@ForAll("paths") String path, @ForAll("parameters") Map<String, String> params)
            throws RejectException {
        String line = "MAIL FROM:<" + path + ">" + params.entrySet().stream()
                .map(e -> " " + e.getKey() + (e.getValue() == null ? "" : "=" + e.getValue())).collect(Collectors.joining());

        PathArguments a = PathArguments.parse(line, "FROM:");

        assertThat(a.path()).isEqualTo(path);
        Map<String, String> upper = new LinkedHashMap<>();
        params.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        assertThat(a.parameters()).isEqualTo(upper);
    }

    @Provide
    Arbitrary<List<byte[]>> sessions() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("<>@:=. \"\\%!-aZ09\u00e9\u4e2d").ofMaxLength(40),
                Arbitraries.of("contact-sales@mailer.domain1.com>", "<>", "SIZE=99999999999999999999",
                        "<a@b> SIZE=1 BODY=8BITMIME", "0 LAST", "99999999999999999999", "<a@b> SMTPUTF8"));
        Arbitrary<String> ending = Arbitraries.of("\r\n", "\r\n", "\r\n", "\n", "\r", "");
        Arbitrary<byte[]> command = Combinators.combine(Arbitraries.of(VERBS), text, ending)
                .as((v, t, e) -> (v + t + e).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(
                Tuple.of(8, command), Tuple.of(1, raw)).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> commandLines() {
        Arbitrary<String> rest = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("<>@:= \t\"SIZEBODY0123456789-").ofMaxLength(60));
        return Combinators.combine(Arbitraries.of("MAIL FROM:", "MAIL ", "RCPT TO:", "rcpt to: ", "MAIL"), rest)
                .as((a, b) -> a + b);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> atom = Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-/=?^_`{|}~").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> label = Arbitraries.strings().withChars("abc019-").ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(atom, label.list().ofMinSize(1).ofMaxSize(4)).as((l, d) -> l + "@" + String.join(".", d)));
    }

    @Provide
    Arbitrary<Map<String, String>> parameters() {
        Arbitrary<String> keyword = Combinators.combine(Arbitraries.chars().alpha(),
                Arbitraries.strings().withChars("abcXYZ019-").ofMaxLength(8)).as((c, s) -> c + s);
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().withCharRange('!', '~').excludeChars('=').ofMinLength(1).ofMaxLength(20));
        return Combinators.combine(keyword, value).as(AbstractMap.SimpleEntry::new).list().ofMaxSize(5).map(entries -> {
            Map<String, String> m = new LinkedHashMap<>();
            List<String> seen = new ArrayList<>();
            for (AbstractMap.SimpleEntry<String, String> e : entries) {
                if (!seen.contains(e.getKey().toUpperCase(Locale.ROOT))) {
                    seen.add(e.getKey().toUpperCase(Locale.ROOT));
                    m.put(e.getKey(), e.getValue());
                }
            }
            return m;
        });
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed with our bytes unread: a clean close from its side
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
