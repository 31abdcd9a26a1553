package org.vasco.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.local.ConfigurationReference;
import org.vasco.local.SettingsCatalogue;
import org.vasco.local.SettingsCatalogue.Service;

/**
 * docs/configuration.md is generated from the settings of the code and must be up to date. Run with
 * {@code -Dvasco.writeDocs=true} to rewrite it.
 */
class ConfigurationDocTest {

    @Test
    void configurationReferenceIsUpToDate() throws IOException {
        Path doc = DeployFiles.root().resolve("docs/configuration.md");
        String generated = ConfigurationReference.markdown();
        if (Boolean.getBoolean("vasco.writeDocs")) {
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
        }
        assertThat(doc).as("docs/configuration.md exists (generate it with -Dvasco.writeDocs=true)").exists();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: regenerate it with -Dvasco.writeDocs=true (see its header)")
                .isEqualTo(generated);
    }

    @Test
    void catalogueFindsSharedAndModuleSettings() {
        assertThat(SettingsCatalogue.of(Service.COORDINATOR)).containsKey(ClusterSettings.JDBC_URL.name())
                .doesNotContainKey("VASCO_CIRCLE_ARCMIN");
        assertThat(SettingsCatalogue.own(Service.XMATCH)).containsKey("XmatchSettings");
        assertThat(SettingsCatalogue.of(Service.XMATCH)).containsKeys("VASCO_CIRCLE_ARCMIN", ClusterSettings.KAFKA_BOOTSTRAP.name());
        assertThat(ConfigurationReference.markdown()).contains("`VASCO_CIRCLE_ARCMIN`", "## worker-xmatch", "### ClusterSettings");
    }
}
