package dev.ssmtpmailer.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real peers a test class or method needs. When one is missing, each test is reported as skipped with a
 * one-line reason (and the class's {@code @BeforeAll}/{@code @AfterAll} do not run); with
 * {@code SSMTP_REQUIRE_PEERS=1} (CI) the tests fail instead. See {@link PeerCondition}.
 *
 * <pre>{@code
 * @RequiresPeer(Peer.DNS)
 * class DnsLookupIT { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PeerCondition.class)
public @interface RequiresPeer {
    /** @return the peers, all of which must be available */
    Peer[] value();
}
