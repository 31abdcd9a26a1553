package org.vasco.local;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The security rules of docs/security.md as build-time checks over every production class of every module:
 * subprocesses only from argument lists (never a shell, never {@code Runtime.exec}), and SQL text only from
 * compile-time constants, so no statement is ever built from input.
 */
class SecurityRulesTest {

    /**
     * The classes that start processes, each with an argument list (ToolRun: SExtractor/PSFEx; apt-get for the demo;
     * the bench's child processes: STILTS and child JVMs, never at run time).
     */
    private static final Set<String> PROCESS_STARTERS = Set.of("org.vasco.extract.tool.ToolRun", "org.vasco.extract.tool.ToolVersions",
            "org.vasco.local.demo.ExternalTools", "org.vasco.local.bench.ChildProcessTimer");
    /** Strings that only a shell invocation would need. */
    private static final Set<String> SHELLS = Set.of("sh", "/bin/sh", "/usr/bin/sh", "bash", "/bin/bash", "/usr/bin/bash",
            "zsh", "dash", "cmd", "cmd.exe", "powershell", "pwsh", "/usr/bin/env");
    /** JDBC methods whose first parameter is SQL text. */
    private static final Set<String> SQL_OWNERS = Set.of("java/sql/Connection", "java/sql/Statement",
            "java/sql/PreparedStatement", "java/sql/CallableStatement");
    private static final Set<String> SQL_METHODS = Set.of("prepareStatement", "prepareCall", "nativeSQL", "execute",
            "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch");

    /**
     * The classes that build SQL for the embedded DuckDB engine of the catalogue mirrors (docs/security.md §3): its
     * table functions and COPY take file paths, and the mirrors' columns have names DuckDB cannot take as {@code ?}
     * parameters. Every path and name there goes through {@code ParquetEngine.literal/identifier}, numbers are
     * formatted, and the engine holds no cluster state (an in-memory database, or the builder's staging file).
     */
    private static final Set<String> DUCKDB_SQL = Set.of("org.vasco.xmatch.mirror.ParquetEngine",
            "org.vasco.xmatch.mirror.build.MirrorBuilder", "org.vasco.xmatch.mirror.build.MirrorVerifier");

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vasco");
        assertThat(production.stream().map(JavaClass::getPackageName).distinct())
                .as("every module's classes are on the local module's test class path")
                .contains("org.vasco.common.db", "org.vasco.coordinator.api", "org.vasco.download", "org.vasco.extract",
                        "org.vasco.xmatch.catalog", "org.vasco.veto.remote", "org.vasco.testkit.archives");
    }

    @Test
    void nothingCallsRuntimeExec() {
        noClasses().should().callMethodWhere(describe("Runtime.exec(…)", (JavaMethodCall call) ->
                        call.getTargetOwner().isEquivalentTo(Runtime.class) && call.getName().equals("exec")))
                .because("Runtime.exec(String) splits a command line on spaces; processes start from argument lists")
                .check(production);
    }

    @Test
    void onlyTheKnownToolRunnersStartProcesses() {
        noClasses().that(describe("are not a known tool runner", (JavaClass c) -> !PROCESS_STARTERS.contains(c.getName())))
                .should().callConstructorWhere(describe("new ProcessBuilder(…)", (JavaConstructorCall call) ->
                        call.getTargetOwner().isEquivalentTo(ProcessBuilder.class)))
                .because("every subprocess is reviewed: an argument list, a fixed binary, no shell (docs/security.md)")
                .check(production);
        noClasses().should().callMethodWhere(describe("ProcessBuilder.command(…)", (JavaMethodCall call) ->
                        call.getTargetOwner().isEquivalentTo(ProcessBuilder.class) && call.getName().equals("command")
                                && !call.getTarget().getRawParameterTypes().isEmpty()))
                .because("a process's command is fixed when the builder is made")
                .check(production);
    }

    @Test
    void noClassNamesAShell() throws IOException {
        List<String> found = new ArrayList<>();
        for (JavaClass c : production) {
            scan(c, new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof String s && SHELLS.contains(s)) {
                                found.add(c.getName() + "." + name + " uses \"" + s + "\"");
                            }
                        }
                    };
                }
            });
        }
        assertThat(found).as("string constants naming a shell (a subprocess must never go through one)").isEmpty();
    }

    @Test
    void sqlTextIsAlwaysACompileTimeConstant() throws IOException {
        List<String> violations = new ArrayList<>();
        int[] checked = {0};
        for (JavaClass c : production) {
            scan(c, new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    return new SqlArgumentVisitor(c.getName() + "." + name, violations, checked);
                }
            });
        }
        assertThat(violations.stream().filter(v -> DUCKDB_SQL.stream().anyMatch(d -> v.startsWith(d + "."))).count())
                .as("the DuckDB classes are still where the engine's SQL is built (else drop them from DUCKDB_SQL)").isPositive();
        violations.removeIf(v -> DUCKDB_SQL.stream().anyMatch(d -> v.startsWith(d + ".")));
        assertThat(violations).as("JDBC calls whose SQL text is not a compile-time constant (javac folds \"…\" + CONSTANT"
                + " into one literal; anything else could carry input into SQL)").isEmpty();
        assertThat(checked[0]).as("JDBC calls found (the scan must see the statements)").isGreaterThan(50);
    }

    private static void scan(JavaClass c, ClassVisitor visitor) throws IOException {
        try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
            new ClassReader(in).accept(visitor, ClassReader.SKIP_FRAMES);
        }
    }

    /**
     * Finds, for each JDBC call taking SQL text, the instruction that pushed that text: it must be a string literal.
     * Arguments after the SQL (an int, an array of key names) must be simple pushes, so the text's producer is found
     * by stepping back over them; anything more complex counts as a violation to look at.
     */
    private static final class SqlArgumentVisitor extends MethodVisitor {

        private final String where;
        private final List<String> violations;
        private final int[] checked;
        private final List<Object> recent = new ArrayList<>();
        private int line;

        SqlArgumentVisitor(String where, List<String> violations, int[] checked) {
            super(Opcodes.ASM9);
            this.where = where;
            this.violations = violations;
            this.checked = checked;
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
        }

        @Override
        public void visitLdcInsn(Object value) {
            recent.add(value instanceof String s ? new Literal(s) : "LDC");
        }

        @Override
        public void visitInsn(int opcode) {
            recent.add(opcode >= Opcodes.ACONST_NULL && opcode <= Opcodes.DCONST_1 ? "PUSH" : "OP" + opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            recent.add(opcode == Opcodes.NEWARRAY ? "NEWARRAY" : "PUSH");
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            recent.add(opcode >= Opcodes.ILOAD && opcode <= Opcodes.ALOAD ? "LOAD" + varIndex : "STORE" + varIndex);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            recent.add(opcode == Opcodes.GETSTATIC ? "GETSTATIC " + owner + "." + name : "FIELD " + name);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            recent.add("TYPE" + opcode);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bsm, Object... args) {
            recent.add("INDY " + name);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            recent.add("JUMP");
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            Type[] args = Type.getArgumentTypes(descriptor);
            if (SQL_OWNERS.contains(owner) && SQL_METHODS.contains(name) && args.length > 0
                    && args[0].getDescriptor().equals("Ljava/lang/String;")) {
                checked[0]++;
                Object producer = producerOfFirstArgument(args.length - 1);
                if (!(producer instanceof Literal)) {
                    violations.add(where + " (line " + line + "): " + name + "(…) gets its SQL from " + producer);
                }
            }
            recent.add("CALL " + name);
        }

        /** The instruction that pushed the first argument, when the {@code after} later ones were simple pushes. */
        private Object producerOfFirstArgument(int after) {
            int at = recent.size() - 1;
            for (int k = 0; k < after && at >= 0; k++, at--) {
                Object insn = recent.get(at);
                boolean simple = insn instanceof Literal || "PUSH".equals(insn) || "LDC".equals(insn)
                        || (insn instanceof String s && (s.startsWith("LOAD") || s.startsWith("GETSTATIC")));
                if (!simple) {
                    return "a complex expression (" + insn + ")";
                }
            }
            return at >= 0 ? recent.get(at) : "nothing";
        }
    }

    private record Literal(String sql) {
    }
}
