package org.vasco.coordinator.cli;

import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Creates picocli commands, giving each the collaborators its public constructor asks for (by type) from
 * a fixed set; classes without such a constructor are made by picocli's default factory. This lets the
 * top-level command list its subcommands as classes while the commands still receive their context.
 */
public final class CommandFactory implements CommandLine.IFactory {

    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public CommandFactory(Object... collaborators) {
        for (Object o : collaborators) {
            services.put(o.getClass(), o);
        }
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        for (Constructor<?> constructor : cls.getConstructors()) {
            Class<?>[] types = constructor.getParameterTypes();
            if (types.length == 0) {
                continue;
            }
            Object[] args = new Object[types.length];
            boolean satisfied = true;
            for (int i = 0; i < types.length && satisfied; i++) {
                args[i] = find(types[i]);
                satisfied = args[i] != null;
            }
            if (satisfied) {
                return cls.cast(constructor.newInstance(args));
            }
        }
        return fallback.create(cls);
    }

    private Object find(Class<?> type) {
        for (Object o : services.values()) {
            if (type.isInstance(o)) {
                return o;
            }
        }
        return null;
    }
}
