package org.vasco.common.config;

/** Where the database is. The password never appears in {@link #toString()}. */
public record JdbcConnection(String url, String user, String password, int poolSize) {

    public static JdbcConnection from(Environment env) {
        return new JdbcConnection(env.get(ClusterSettings.JDBC_URL), env.get(ClusterSettings.JDBC_USER),
                env.get(ClusterSettings.JDBC_PASSWORD), env.get(ClusterSettings.JDBC_POOL_SIZE));
    }

    @Override
    public String toString() {
        return "JdbcConnection[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
