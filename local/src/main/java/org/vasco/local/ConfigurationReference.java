package org.vasco.local;

import java.util.List;
import java.util.Map;
import org.vasco.common.config.Setting;
import org.vasco.local.SettingsCatalogue.Service;

/**
 * Writes docs/configuration.md from the {@link SettingsCatalogue}: one table per settings class with each
 * variable's default and meaning, and which services read it. A test keeps the checked-in file equal to
 * {@link #markdown()}.
 */
public final class ConfigurationReference {

    private ConfigurationReference() {
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append("Generated from the `Setting` constants of the code by `org.vasco.local.ConfigurationReference`;\n")
                .append("do not edit by hand. Regenerate with\n")
                .append("`mvn -B -o -pl local -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dvasco.writeDocs=true`.\n\n")
                .append("Every service reads its settings from `VASCO_…` environment variables (in Kubernetes: the ConfigMap\n")
                .append("`vasco-settings`, the Secret `vasco-credentials` and each Deployment's own `env`). A setting without a\n")
                .append("default is optional unless its description says otherwise. The cluster coordinates (")
                .append(String.join(", ", SettingsCatalogue.CLUSTER_COORDINATES.stream().map(s -> "`" + s.name() + "`").toList()))
                .append(")\nhave defaults for a laptop only; a deployment sets them all.\n\n");
        md.append("## Settings of every service\n\n");
        for (Map.Entry<String, List<Setting<?>>> group : SettingsCatalogue.shared().entrySet()) {
            table(md, group.getKey(), group.getValue());
        }
        for (Service service : Service.values()) {
            Map<String, List<Setting<?>>> own = SettingsCatalogue.own(service);
            md.append("## ").append(service.deployName()).append("\n\n");
            if (own.isEmpty()) {
                md.append("No settings of its own yet: only those of every service.\n\n");
            }
            for (Map.Entry<String, List<Setting<?>>> group : own.entrySet()) {
                table(md, group.getKey(), group.getValue());
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String className, List<Setting<?>> settings) {
        md.append("### ").append(className).append("\n\n| variable | default | meaning |\n|---|---|---|\n");
        for (Setting<?> s : settings) {
            md.append("| `").append(s.name()).append("` | ")
                    .append(s.defaultValue() == null ? "(none)" : s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }
}
