package org.vasco.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The command line of a child JVM running a class of this distribution: the same java binary and class path. */
final class ChildJvm {

    /**
     * The main class of the {@code vasco} command, by name: the benches time the command as users run it, and naming
     * the class itself would make this package depend on the one that registers the bench commands (a cycle).
     * {@code ChildJvmTest} checks that it is {@code org.vasco.local.Main}.
     */
    static final String VASCO_MAIN = "org.vasco.local.Main";

    private ChildJvm() {
    }

    static List<String> command(List<String> jvmOptions, String mainClass, List<String> arguments) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** The name {@code vasco} knows a subcommand by (its picocli {@code @Command} name), for a child to run exactly it. */
    static String subcommand(Class<?> command) {
        CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
        if (annotation == null || annotation.name().isEmpty()) {
            throw new IllegalArgumentException(command.getName() + " is no named picocli command");
        }
        return annotation.name();
    }
}
