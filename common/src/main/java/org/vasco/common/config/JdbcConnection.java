package org.vasco.common.config;

import java.util.regex.Pattern;

/**
 * Where the database is. The password never appears in {@link #toString()}, and neither does any password given
 * inside the URL ({@link #redactedUrl()}): use that form in every log line and error message.
 */
public record JdbcConnection(String url, String user, String password, int poolSize) {

    /** {@code password=…}, {@code sslpassword=…} and the like among the URL's parameters. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][^=&;#\\s]*password=)[^&;#\\s'\")]*");
    /** {@code //user:secret@host}: not a pgjdbc form, but redacted in case someone writes it. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#]*:)[^/@?#]*@");
    private static final String MASK = "****";

    public static JdbcConnection from(Environment env) {
        return new JdbcConnection(env.get(ClusterSettings.JDBC_URL), env.get(ClusterSettings.JDBC_USER),
                env.get(ClusterSettings.JDBC_PASSWORD), env.get(ClusterSettings.JDBC_POOL_SIZE));
    }

    /** The URL with the value of every password parameter masked. */
    public String redactedUrl() {
        return redact(url);
    }

    /** {@code url} with the value of every password parameter (and any user-info password) masked. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    @Override
    public String toString() {
        return "JdbcConnection[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
