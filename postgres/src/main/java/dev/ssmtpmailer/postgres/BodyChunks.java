package dev.ssmtpmailer.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Message bytes in the table {@code body_chunk}: rows of {@value #CHUNK_SIZE} bytes (the last one shorter),
 * written and read one at a time so that a 50 MB message never sits in the heap whole; at most one chunk does,
 * on each side.
 *
 * <p>Why chunks and not large objects: chunk rows go with their message (a foreign key that cascades on delete,
 * no orphaned large objects, no {@code vacuumlo}), need no extra privileges, replicate and back up like any row,
 * and a small message is one row, written in the accept's own transaction. 256 KiB keeps the number of round
 * trips of a 50 MB message at 200 while the buffer stays far below a 64 MB heap.
 */
final class BodyChunks {
    /** Bytes per chunk row. */
    static final int CHUNK_SIZE = 256 * 1024;
    /** A small message is buffered in a small array first: most mail is a few kilobytes. */
    private static final int FIRST_BUFFER = 8 * 1024;

    private final PostgresDatabase db;
    private final String insert;
    private final String select;

    BodyChunks(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
        insert = "INSERT INTO " + db.table("body_chunk") + " (message_id, seq, data) VALUES (?, ?, ?)";
        select = "SELECT data FROM " + db.table("body_chunk") + " WHERE message_id = ? AND seq = ?";
    }

    /**
     * @param connection the accept's connection; chunks are inserted on it. If it is in auto-commit mode, the
     *        writer starts a transaction (auto-commit off) before it inserts the first chunk, so that a message of
     *        one chunk can still be written with its envelope in one statement of its own
     * @param id the message
     * @return a stream that inserts a chunk row each time {@value #CHUNK_SIZE} bytes are written, and the rest
     *         on {@link Writer#close()}; {@link Writer#size()} counts the bytes
     */
    Writer writer(Connection connection, String id) {
        return new Writer(connection, id);
    }

    /**
     * @param id a stored message
     * @param size its size in bytes: the stream ends there, and fails if a chunk is missing before that
     * @return the bytes, fetched one chunk per query on a pooled connection (none is held between reads)
     */
    InputStream reader(String id, long size) {
        return new Reader(id, size, null);
    }

    /**
     * @param id a stored message
     * @param size its size in bytes
     * @param first its chunk 0, already fetched with the message's row ({@code null} for an empty message)
     * @return the bytes: the first chunk, then the others fetched as for {@link #reader(String, long)}
     */
    InputStream reader(String id, long size, byte[] first) {
        return new Reader(id, size, first);
    }

    /** Inserts chunk rows on the accept's connection as the bytes arrive. */
    final class Writer extends OutputStream {
        private final Connection connection;
        private final String id;
        /** The chunk being filled, in an array that grows from 8 KiB as bytes come; {@code null} once closed. */
        private ByteArrayOutputStream chunk = new ByteArrayOutputStream(FIRST_BUFFER);
        private int seq;
        private long size;

        private Writer(Connection connection, String id) {
            this.connection = connection;
            this.id = id;
        }

        @Override
        public void write(int b) throws IOException {
            makeRoom();
            chunk.write(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                int n = Math.min(len, makeRoom());
                chunk.write(b, off, n);
                off += n;
                len -= n;
                size += n;
            }
        }

        /**
         * Inserts the chunk when it is full, only then: a message of exactly one chunk stays single.
         *
         * @return how many bytes the chunk takes before it is full
         */
        private int makeRoom() throws IOException {
            if (chunk == null) {
                throw new IOException("message stream closed");
            }
            if (chunk.size() == CHUNK_SIZE) {
                insertChunk();
            }
            return CHUNK_SIZE - chunk.size();
        }

        private void insertChunk() throws IOException {
            try {
                if (seq == 0 && connection.getAutoCommit()) {
                    // A message of more than one chunk: from its first row on, the accept is a transaction.
                    connection.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw new IOException(db.failure("cannot store the message", e).getMessage(), e);
            }
            try (PreparedStatement ps = connection.prepareStatement(insert)) {
                ps.setString(1, id);
                ps.setInt(2, seq);
                ps.setBytes(3, chunk.toByteArray());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException(db.failure("cannot store the message", e).getMessage(), e);
            }
            seq++;
            chunk.reset();
        }

        /** @return the bytes written so far */
        long size() {
            return size;
        }

        /** Inserts the last chunk (a message of 0 bytes has none). The transaction stays the caller's. */
        @Override
        public void close() throws IOException {
            if (chunk != null) {
                if (chunk.size() > 0) {
                    insertChunk();
                }
                chunk = null;
            }
        }

        /**
         * Ends the stream like {@link #close()}, except that a message that fits in one chunk is not inserted but
         * returned, for the caller to insert with the envelope in the same statement (one round trip less).
         *
         * @return the whole message when it is one chunk (not inserted), else {@code null} (every chunk inserted)
         * @throws IOException if the last chunk cannot be inserted
         */
        byte[] closeKeepingSingleChunk() throws IOException {
            if (chunk == null) {
                throw new IOException("message stream closed");
            }
            if (seq == 0 && chunk.size() > 0) {
                byte[] single = chunk.toByteArray();
                chunk = null;
                return single;
            }
            close();
            return null;
        }
    }

    /** Fetches the chunks in order, one query each, on a connection borrowed for that query only. */
    private final class Reader extends InputStream {
        private final String id;
        private final long size;
        private byte[] chunk = new byte[0];
        private int pos;
        private int seq;
        private long read;

        private Reader(String id, long size, byte[] first) {
            this.id = id;
            this.size = size;
            if (first != null) {
                chunk = first;
                seq = 1;
            }
        }

        private boolean fill() throws IOException {
            while (pos == chunk.length) {
                if (read >= size) {
                    return false;
                }
                chunk = fetch(seq++);
                pos = 0;
            }
            return true;
        }

        private byte[] fetch(int n) throws IOException {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(select)) {
                ps.setString(1, id);
                ps.setInt(2, n);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IOException("message " + id + " is missing chunk " + n + " after " + read + " of "
                                + size + " bytes (removed meanwhile?)");
                    }
                    return rs.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IOException(db.failure("cannot read message " + id, e).getMessage(), e);
            } catch (DatabaseException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            read++;
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            read += n;
            return n;
        }

        @Override
        public int available() {
            return chunk.length - pos;
        }

        @Override
        public void close() {
            chunk = new byte[0];
            pos = 0;
            read = size;
        }
    }
}
