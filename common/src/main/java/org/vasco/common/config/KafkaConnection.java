package org.vasco.common.config;

import java.util.HashMap;
import java.util.Map;

/** Client properties for the broker, including TLS/SASL when configured. Secrets never appear in {@link #toString()}. */
public record KafkaConnection(String bootstrap, String securityProtocol, String saslMechanism, String saslJaasConfig,
                              String truststoreLocation, String truststorePassword) {

    public static KafkaConnection from(Environment env) {
        return new KafkaConnection(env.get(ClusterSettings.KAFKA_BOOTSTRAP), env.get(ClusterSettings.KAFKA_SECURITY_PROTOCOL),
                env.find(ClusterSettings.KAFKA_SASL_MECHANISM).orElse(null),
                env.find(ClusterSettings.KAFKA_SASL_JAAS_CONFIG).orElse(null),
                env.find(ClusterSettings.KAFKA_SSL_TRUSTSTORE_LOCATION).orElse(null),
                env.find(ClusterSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD).orElse(null));
    }

    public static KafkaConnection plaintext(String bootstrap) {
        return new KafkaConnection(bootstrap, "PLAINTEXT", null, null, null, null);
    }

    /** The common client properties (bootstrap and security); callers add their role's own. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", securityProtocol);
        if (saslMechanism != null) {
            p.put("sasl.mechanism", saslMechanism);
        }
        if (saslJaasConfig != null) {
            p.put("sasl.jaas.config", saslJaasConfig);
        }
        if (truststoreLocation != null) {
            p.put("ssl.truststore.location", truststoreLocation);
        }
        if (truststorePassword != null) {
            p.put("ssl.truststore.password", truststorePassword);
        }
        return p;
    }

    @Override
    public String toString() {
        return "KafkaConnection[bootstrap=" + bootstrap + ", securityProtocol=" + securityProtocol
                + ", saslMechanism=" + saslMechanism + "]";
    }
}
