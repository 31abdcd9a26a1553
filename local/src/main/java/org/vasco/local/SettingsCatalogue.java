package org.vasco.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.Setting;
import org.vasco.common.http.ArchiveRecordingSettings;
import org.vasco.common.http.ArchiveSettings;

/**
 * Every {@code VASCO_…} setting of every service, in one place: the settings all services share
 * ({@link ClusterSettings}, {@link FrameworkSettings}, {@link ArchiveRecordingSettings}) plus each module's own,
 * found as the public static {@link Setting} and {@link ArchiveSettings} constants of the classes named
 * {@code *Settings} in the module's package tree. A module that adds a settings class is therefore listed without
 * editing this class. docs/configuration.md is generated from it ({@link ConfigurationReference}) and the deployment
 * checks read it. Stateless.
 */
public final class SettingsCatalogue {

    /** A deployable service: its name in {@code deploy/} and the package tree of its module. */
    public enum Service {
        COORDINATOR("coordinator", "org.vasco.coordinator"),
        DOWNLOAD("worker-download", "org.vasco.download"),
        EXTRACT("worker-extract", "org.vasco.extract"),
        XMATCH("worker-xmatch", "org.vasco.xmatch"),
        VETO("worker-veto", "org.vasco.veto");

        private final String deployName;
        private final String packageRoot;

        Service(String deployName, String packageRoot) {
            this.deployName = deployName;
            this.packageRoot = packageRoot;
        }

        /** The name of its Deployment, container image and Grafana {@code service} label. */
        public String deployName() {
            return deployName;
        }

        public String packageRoot() {
            return packageRoot;
        }
    }

    /** The settings that decide where the cluster is: a deployment must set them, their defaults suit only a laptop. */
    public static final List<Setting<?>> CLUSTER_COORDINATES = List.of(ClusterSettings.KAFKA_BOOTSTRAP, ClusterSettings.JDBC_URL,
            ClusterSettings.JDBC_USER, ClusterSettings.JDBC_PASSWORD, ClusterSettings.DATA, ClusterSettings.HTTP_PORT,
            ClusterSettings.HTTP_BIND);

    private SettingsCatalogue() {
    }

    /** The settings every service reads, keyed by their declaring class's simple name. */
    public static Map<String, List<Setting<?>>> shared() {
        Map<String, List<Setting<?>>> shared = new LinkedHashMap<>();
        shared.put(ClusterSettings.class.getSimpleName(), ClusterSettings.all());
        shared.put(FrameworkSettings.class.getSimpleName(), FrameworkSettings.all());
        shared.put(ArchiveRecordingSettings.class.getSimpleName(), ArchiveRecordingSettings.all());
        return shared;
    }

    /** The module's own settings, keyed by the declaring class's simple name (empty when it has none yet). */
    public static Map<String, List<Setting<?>>> own(Service service) {
        Map<String, List<Setting<?>>> own = new LinkedHashMap<>();
        for (Class<?> type : settingsClasses(service.packageRoot())) {
            List<Setting<?>> constants = constantsOf(type);
            if (!constants.isEmpty()) {
                own.put(type.getSimpleName(), constants);
            }
        }
        return own;
    }

    /** Every setting {@code service} reads: the shared ones, then its own. */
    public static Map<String, Setting<?>> of(Service service) {
        Map<String, Setting<?>> all = new LinkedHashMap<>();
        shared().values().forEach(list -> list.forEach(s -> all.put(s.name(), s)));
        own(service).values().forEach(list -> list.forEach(s -> all.put(s.name(), s)));
        return all;
    }

    /**
     * The public static {@link Setting} constants of {@code type} in declaration order, an {@link ArchiveSettings}
     * constant standing for its five settings; a setting that several archives share is listed once.
     */
    private static List<Setting<?>> constantsOf(Class<?> type) {
        Map<String, Setting<?>> constants = new LinkedHashMap<>();
        for (Field field : type.getDeclaredFields()) {
            int m = field.getModifiers();
            if (!Modifier.isPublic(m) || !Modifier.isStatic(m)) {
                continue;
            }
            if (Setting.class.isAssignableFrom(field.getType())) {
                Setting<?> setting = (Setting<?>) valueOf(type, field);
                constants.putIfAbsent(setting.name(), setting);
            } else if (ArchiveSettings.class.isAssignableFrom(field.getType())) {
                ((ArchiveSettings<?>) valueOf(type, field)).all().forEach(s -> constants.putIfAbsent(s.name(), s));
            }
        }
        return new ArrayList<>(constants.values());
    }

    private static Object valueOf(Class<?> type, Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read setting " + type.getName() + "." + field.getName(), e);
        }
    }

    /** Top-level classes named {@code *Settings} under {@code packageRoot}, from directories and jars alike, by name. */
    private static List<Class<?>> settingsClasses(String packageRoot) {
        String prefix = packageRoot.replace('.', '/') + "/";
        TreeSet<String> names = new TreeSet<>();
        ClassLoader loader = SettingsCatalogue.class.getClassLoader();
        try {
            Enumeration<URL> roots = loader.getResources(prefix);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    Path dir = Path.of(root.toURI());
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.map(f -> prefix + dir.relativize(f).toString().replace('\\', '/')).forEach(names::add);
                    }
                } else if ("jar".equals(root.getProtocol())) {
                    JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile();
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String entry = e.nextElement().getName();
                        if (entry.startsWith(prefix)) {
                            names.add(entry);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the classes of " + packageRoot, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot list the classes of " + packageRoot, e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String entry : names) {
            if (entry.endsWith("Settings.class") && !entry.contains("$")) {
                String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(className, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("Listed but not loadable: " + className, e);
                }
            }
        }
        return classes;
    }
}
