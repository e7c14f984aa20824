package dev.ssmtpmailer.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Someone on the Internet writing to an alias: one plain SMTP session per message, as an MTA would. */
final class OutsideClient {
    private OutsideClient() {
    }

    /**
     * @return the server's reply to the end of the data ({@code 250 ... queued as ID}), or the first refusal
     * @throws IOException if the conversation breaks off
     */
    static String send(InetAddress host, int port, String sender, String recipient, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String reply = read(in);
            for (String command : new String[] {"EHLO client.example.org", "MAIL FROM:<" + sender + ">", "RCPT TO:<" + recipient + ">", "DATA"}) {
                if (!reply.startsWith("2") && !reply.startsWith("3")) {
                    return reply;
                }
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply = read(in);
            }
            if (!reply.startsWith("354")) {
                return reply;
            }
            out.write(message.replace("\r\n.", "\r\n..").getBytes(StandardCharsets.UTF_8));
            out.write(".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(in);
        }
    }

    private static String read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the relay closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
