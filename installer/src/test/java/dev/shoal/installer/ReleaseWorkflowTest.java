package dev.shoal.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The release workflow parses as YAML, builds on all three OSes, and runs the Maven commands the README names. */
class ReleaseWorkflowTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static List<String> readmeMavenCommands() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(?m)^(\\./mvnw [^\\n`]+?)\\s*$").matcher(readme);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    @Test
    void theWorkflowIsValidYamlAndRunsTheReadmesCommandsOnEveryOs() throws Exception {
        JsonNode workflow = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve(".github/workflows/release.yml").toFile());
        JsonNode job = workflow.at("/jobs/installers");
        List<String> oses = new ArrayList<>();
        job.at("/strategy/matrix/os").forEach(n -> oses.add(n.asText()));
        assertThat(oses).containsExactlyInAnyOrder("ubuntu-latest", "macos-latest", "windows-latest");

        List<String> runs = new ArrayList<>();
        job.get("steps").forEach(step -> {
            if (step.has("run")) {
                runs.add(step.get("run").asText().strip());
            }
        });
        List<String> readme = readmeMavenCommands();
        assertThat(readme).contains("./mvnw verify", "./mvnw -pl installer -am verify -Pinstaller -DskipTests");
        // The workflow adds only -B (batch mode) to each.
        for (String command : List.of("./mvnw verify", "./mvnw -pl installer -am verify -Pinstaller -DskipTests")) {
            assertThat(runs).contains(command.replace("./mvnw ", "./mvnw -B "));
        }
        assertThat(job.at("/steps").toString()).contains("upload-artifact").contains("installer/target/packages");
    }
}
