package org.vasco.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which connections the NetworkPolicies of one namespace allow, evaluated the way the Kubernetes API describes it:
 * a pod selected by no policy of a direction is open in that direction; a selected pod allows only what one of
 * the selecting policies' rules names (peers by pod selector, namespace selector or IP block; ports by number or by
 * the destination container's port name; TCP unless said otherwise). A connection needs both the source's egress
 * and, when the destination is in the namespace, the destination's ingress. Label selectors with matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist) are understood; IP blocks are compared as IPv4 CIDRs.
 */
final class NetworkFlows {

    /** A party to a connection: a pod (labels, namespace and its namespace's labels, named ports) or an address. */
    record Endpoint(String name, Map<String, String> labels, String namespace, Map<String, String> namespaceLabels,
                    Map<String, Integer> namedPorts, String ip) {

        static Endpoint pod(JsonNode workload, String namespace) {
            JsonNode template = workload.at("/spec/template");
            Map<String, String> labels = new HashMap<>();
            template.at("/metadata/labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Map<String, Integer> ports = new HashMap<>();
            for (JsonNode c : template.at("/spec/containers")) {
                for (JsonNode p : c.path("ports")) {
                    if (p.has("name")) {
                        ports.put(p.path("name").asText(), p.path("containerPort").asInt());
                    }
                }
            }
            return new Endpoint(workload.at("/metadata/name").asText(), labels, namespace,
                    Map.of("kubernetes.io/metadata.name", namespace), ports, "10.244.0.10");
        }

        /** A pod of another namespace. */
        static Endpoint foreignPod(String name, String namespace, Map<String, String> labels, String ip) {
            return new Endpoint(name, labels, namespace, Map.of("kubernetes.io/metadata.name", namespace), Map.of(), ip);
        }

        /** An address outside the cluster's pods (the internet, the API server, a managed database). */
        static Endpoint address(String name, String ip) {
            return new Endpoint(name, Map.of(), null, Map.of(), Map.of(), ip);
        }
    }

    private final String namespace;
    private final List<JsonNode> policies;

    NetworkFlows(String namespace, List<JsonNode> docs) {
        this.namespace = namespace;
        this.policies = DeployFiles.ofKind(docs, "NetworkPolicy");
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        boolean egress = !namespace.equals(from.namespace()) || allowed(from, to, port, protocol, "Egress", "egress", "to");
        boolean ingress = !namespace.equals(to.namespace()) || allowed(to, from, port, protocol, "Ingress", "ingress", "from");
        return egress && ingress;
    }

    /** Whether the policies selecting {@code subject} in {@code type} let it talk to {@code peer} on {@code port}. */
    private boolean allowed(Endpoint subject, Endpoint peer, int port, String protocol, String type, String rules, String peers) {
        List<JsonNode> selecting = new ArrayList<>();
        for (JsonNode p : policies) {
            if (types(p).contains(type) && matches(p.at("/spec/podSelector"), subject.labels())) {
                selecting.add(p);
            }
        }
        if (selecting.isEmpty()) {
            return true;
        }
        Endpoint destination = type.equals("Egress") ? peer : subject;
        for (JsonNode p : selecting) {
            for (JsonNode rule : p.at("/spec/" + rules)) {
                if (peerMatches(rule.path(peers), peer) && portMatches(rule.path("ports"), destination, port, protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> types(JsonNode policy) {
        List<String> types = new ArrayList<>();
        policy.at("/spec/policyTypes").forEach(t -> types.add(t.asText()));
        if (types.isEmpty()) {
            types.add("Ingress");
            if (policy.at("/spec/egress").isArray()) {
                types.add("Egress");
            }
        }
        return types;
    }

    private boolean peerMatches(JsonNode peers, Endpoint peer) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true; // no "to"/"from": every peer
        }
        for (JsonNode p : peers) {
            if (p.has("ipBlock")) {
                if (peer.ip() != null && inCidr(peer.ip(), p.at("/ipBlock/cidr").asText())) {
                    boolean excepted = false;
                    for (JsonNode except : p.at("/ipBlock/except")) {
                        excepted |= inCidr(peer.ip(), except.asText());
                    }
                    if (!excepted) {
                        return true;
                    }
                }
                continue;
            }
            if (peer.namespace() == null) {
                continue; // selectors name pods; an address outside the pods matches only IP blocks
            }
            boolean namespaceOk = p.has("namespaceSelector") ? matches(p.path("namespaceSelector"), peer.namespaceLabels())
                    : namespace.equals(peer.namespace());
            boolean podOk = !p.has("podSelector") || matches(p.path("podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, Endpoint destination, int port, String protocol) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.path("protocol").asText("TCP").equals(protocol)) {
                continue;
            }
            JsonNode value = p.path("port");
            if (value.isMissingNode()) {
                return true;
            }
            int wanted = value.isInt() ? value.asInt() : destination.namedPorts().getOrDefault(value.asText(), -1);
            int end = p.path("endPort").asInt(wanted);
            if (port >= wanted && port <= end) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode()) {
            return false;
        }
        var fields = selector.path("matchLabels").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(labels.get(key));
                case "NotIn" -> !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new AssertionError("Unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (toLong(ip) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
