package org.vasco.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The strongly connected sets of a directed graph of package names (Tarjan's algorithm): each set of two or more is
 * a group of packages that depend on each other, directly or through others. Deterministic for sorted input maps.
 */
final class PackageCycles {

    private final Map<String, ? extends Map<String, ?>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> lowLink = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    private PackageCycles(Map<String, ? extends Map<String, ?>> graph) {
        this.graph = graph;
    }

    /** The sets of two or more packages that reach each other; {@code graph} maps a package to those it uses. */
    static List<Set<String>> stronglyConnected(Map<String, ? extends Map<String, ?>> graph) {
        PackageCycles tarjan = new PackageCycles(graph);
        for (String node : graph.keySet()) {
            if (!tarjan.index.containsKey(node)) {
                tarjan.visit(node);
            }
        }
        return tarjan.components;
    }

    private void visit(String node) {
        index.put(node, index.size());
        lowLink.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        Map<String, ?> uses = graph.get(node);
        for (String next : uses == null ? Set.<String>of() : uses.keySet()) {
            if (!index.containsKey(next)) {
                visit(next);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }
}
