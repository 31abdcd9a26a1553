package org.vasco.testkit.hostile;

import java.util.Objects;

/**
 * One case of the hostile-input corpus: a name, the input in words, how to build it, and what must be recorded.
 *
 * @param family   the entry point it attacks ({@code dss}, {@code vizier}, {@code skybot}, {@code task}, {@code names})
 * @param name     unique within the corpus, kebab-case (the index in docs/security.md lists it)
 * @param input    what the input is, in words
 * @param build    builds the input (a reply, a message, a name)
 * @param expected the outcome that must be recorded
 * @param <I>      what {@code build} is
 */
public record HostileCase<I>(String family, String name, String input, I build, Expected expected) {

    public HostileCase {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(expected, "expected");
    }

    @Override
    public String toString() {
        return name;
    }
}
