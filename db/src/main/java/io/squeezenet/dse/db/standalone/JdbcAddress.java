package io.squeezenet.dse.db.standalone;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL as {@code jdbc-url} carries it, split into the address (which frameworks log) and the password (which
 * nothing may log): a pool is given both separately.
 *
 * @param url      the URL without its {@code password} parameter
 * @param password the password it carried, or null
 */
public record JdbcAddress(String url, String password) {

    private static final Pattern PASSWORD = Pattern.compile("([?&])password=([^&]*)&?");

    public static JdbcAddress parse(String jdbcUrl) {
        Matcher m = PASSWORD.matcher(jdbcUrl);
        if (!m.find()) {
            return new JdbcAddress(jdbcUrl, null);
        }
        String rest = jdbcUrl.substring(0, m.start()) + (m.group(0).endsWith("&") ? m.group(1) : "")
                + jdbcUrl.substring(m.end());
        return new JdbcAddress(rest, java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Fit for a log or a terminal: the password, if any, masked. */
    public static String redact(String jdbcUrl) {
        JdbcAddress address = parse(jdbcUrl);
        return address.password() == null ? jdbcUrl
                : address.url() + (address.url().contains("?") ? "&" : "?") + "password=***";
    }
}
