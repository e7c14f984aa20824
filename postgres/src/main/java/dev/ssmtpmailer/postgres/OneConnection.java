package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.config.QueueBackendSettings;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source of a short command ({@code ssmtp-mailer queue ...}): one plain JDBC connection, opened at the
 * first {@link #getConnection()} and handed out again after each {@code close()} (which only ends its
 * transaction), closed by {@link #close()}. A command makes one or two requests; a pool's threads, its second
 * idle connection and its classes would cost more than the command (each login is a SCRAM exchange). Should a
 * second connection be asked for while the first is out, it is a plain one of its own.
 */
final class OneConnection implements DataSource, AutoCloseable {
    /** The driver's: user, password, application name, timeouts. */
    private final Properties properties;
    private final String url;
    /** The connection handed out again and again; guarded by {@code this}. */
    private Connection physical;
    /** Whether {@link #physical} is out now; guarded by {@code this}. */
    private boolean out;

    /** @param driver the driver's properties besides the login (application name, timeouts) */
    OneConnection(PostgresSettings settings, java.util.Map<String, String> driver) {
        this.url = settings.url();
        this.properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password().reveal());
        }
        driver.forEach(properties::setProperty);
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (out) {
            return open();
        }
        if (physical == null || physical.isClosed()) {
            physical = open();
        }
        out = true;
        Connection c = physical;
        InvocationHandler handler = new InvocationHandler() {
            private boolean closed;

            @Override
            public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                if (m.getName().equals("close") && m.getParameterCount() == 0) {
                    if (!closed) {
                        closed = true;
                        giveBack(c);
                    }
                    return null;
                }
                if (m.getName().equals("isClosed") && m.getParameterCount() == 0) {
                    return closed || c.isClosed();
                }
                try {
                    return m.invoke(c, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Connection open() throws SQLException {
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + QueueBackendSettings.redactUrl(url), "08001");
        }
        return c;
    }

    /** Ends what the borrower left open, as a pool would, and takes the connection back. */
    private synchronized void giveBack(Connection c) throws SQLException {
        out = false;
        if (!c.isClosed() && !c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the relay's command connection has its own login");
    }

    @Override
    public synchronized void close() {
        if (physical != null) {
            try {
                physical.close();
            } catch (SQLException e) {
                // the command is over; the server ends the session when the socket goes
            }
            physical = null;
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer: the driver logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        properties.setProperty("loginTimeout", Integer.toString(seconds));
    }

    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(properties.getProperty("loginTimeout", "0"));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
