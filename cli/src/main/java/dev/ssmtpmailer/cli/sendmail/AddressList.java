package dev.ssmtpmailer.cli.sendmail;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of an RFC 5322 address-list field ({@code To:}, {@code Cc:}, {@code Bcc:}, {@code From:}):
 * {@code a@x}, {@code Name <a@x>}, {@code "Doe, John" <a@x>}, comments in parentheses, and groups
 * ({@code team: a@x, b@x;}). Only the addr-specs are returned; their syntax is checked later, where they
 * become {@code EmailAddress}es.
 */
public final class AddressList {
    private AddressList() {
    }

    /**
     * @param value the field's value, unfolded
     * @return the addresses in order, empty for an empty field or an empty group
     */
    public static List<String> parse(String value) {
        List<String> addresses = new ArrayList<>();
        StringBuilder bare = new StringBuilder();
        StringBuilder angle = null;
        String inAngle = null;
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (comment > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
                continue;
            }
            if (angle != null) {
                if (c == '>') {
                    inAngle = angle.toString().trim();
                    angle = null;
                } else {
                    angle.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment++;
                case '<' -> angle = new StringBuilder();
                case ':' -> bare.setLength(0); // a group's display name
                case ',', ';' -> {
                    add(addresses, inAngle, bare);
                    inAngle = null;
                    bare.setLength(0);
                }
                default -> bare.append(c);
            }
        }
        add(addresses, inAngle, bare);
        return addresses;
    }

    private static void add(List<String> addresses, String inAngle, StringBuilder bare) {
        String address = inAngle != null ? inAngle : bare.toString().trim();
        if (!address.isEmpty()) {
            addresses.add(address);
        }
    }
}
