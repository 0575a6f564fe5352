package dev.shoal.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.protocol.DeviceId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ShoalCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void initPrintsADeviceIdThatIdRepeats() {
        assertThat(run("--home", home.toString(), "init", "--name", "laptop")).isZero();
        DeviceId created = DeviceId.parse(out.toString().trim());
        out.getBuffer().setLength(0);

        assertThat(run("--home", home.toString(), "id")).isZero();
        assertThat(DeviceId.parse(out.toString().trim())).isEqualTo(created);
    }

    @Test
    void secondInitKeepsTheIdentityAndSaysSo() {
        run("--home", home.toString(), "init");
        String first = out.toString().trim();
        out.getBuffer().setLength(0);
        assertThat(run("init", "--home", home.toString())).isZero();
        assertThat(out.toString().trim()).isEqualTo(first);
        assertThat(err.toString()).contains("already initialised");
    }

    @Test
    void idWithoutInitTellsWhatToDo() {
        assertThat(run("--home", home.toString(), "id")).isEqualTo(1);
        assertThat(err.toString()).contains("Run 'shoal init' first");
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("shoal ");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("init").contains("--home");
    }
}
