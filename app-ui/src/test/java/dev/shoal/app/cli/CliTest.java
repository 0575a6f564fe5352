package dev.shoal.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.engine.spi.DeviceId;
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

    @Test
    void everySubcommandAnswersHelpWithoutDoingAnything() {
        for (String[] command : new String[][] {{"status"}, {"pause"}, {"run"}, {"device", "add"}, {"folder", "add"}}) {
            out.getBuffer().setLength(0);
            String[] args = java.util.stream.Stream.concat(
                            java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            assertThat(run(args))
                    .as("exit code of %s --help", String.join(" ", command))
                    .isZero();
            assertThat(out.toString()).contains("Usage: shoal " + String.join(" ", command));
        }
        assertThat(home).isEmptyDirectory(); // nothing was initialised or run
    }

    private String runOk(String... args) {
        out.getBuffer().setLength(0);
        int code = run(args);
        assertThat(code)
                .as("exit code of %s; stderr: %s", String.join(" ", args), err)
                .isZero();
        return out.toString();
    }

    private String runFailing(String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as("exit code of %s", String.join(" ", args)).isEqualTo(1);
        return err.toString();
    }

    private static final String PEER = "CAN5525-PMSLT26-IDFSJJY-OMFWB4T-MQ3ALYZ-YRWJIYE-V6OU453-NEA63QM";

    @Test
    void devicesArePairedListedAndTyposRejected() throws Exception {
        String h = home.toString();
        String self = runOk("--home", h, "init", "--name", "laptop", "--listen", "127.0.0.1:22001")
                .trim();

        assertThat(runOk(
                        "--home",
                        h,
                        "device",
                        "add",
                        PEER.toLowerCase().replace('-', ' '),
                        "--name",
                        "nas",
                        "--address",
                        "127.0.0.1:22002",
                        "--address",
                        "[::1]:22002"))
                .contains("Paired with " + PEER + " (nas) at 127.0.0.1:22002, [::1]:22002");
        assertThat(runOk("--home", h, "device", "list")).contains(PEER).contains("nas");

        String typo = PEER.substring(0, PEER.length() - 1) + "N";
        assertThat(runFailing("--home", h, "device", "add", typo))
                .contains("typo")
                .contains("not a valid device ID");
        assertThat(runFailing("--home", h, "device", "add", self)).contains("this device's own ID");
        assertThat(runFailing("--home", h, "device", "add", PEER, "--address", "nas.local"))
                .contains("HOST:PORT");

        var config = new dev.shoal.app.config.ConfigStore(home).load().orElseThrow();
        assertThat(config.device().listen()).isEqualTo("127.0.0.1:22001");
        assertThat(config.devices()).singleElement().satisfies(d -> assertThat(d.addresses())
                .hasSize(2));
    }

    @Test
    void foldersAreSharedOnlyWithPairedDevicesAndMustBeUsableDirectories(@org.junit.jupiter.api.io.TempDir Path docs)
            throws Exception {
        String h = home.toString();
        runOk("--home", h, "init");
        assertThat(runFailing("--home", h, "folder", "add", docs.toString(), "--id", "docs", "--share", PEER))
                .contains("is not paired")
                .contains("shoal device add");
        runOk("--home", h, "device", "add", PEER);
        assertThat(runOk("--home", h, "folder", "add", docs.toString(), "--id", "docs", "--share", PEER))
                .contains("Folder 'docs' at " + docs.toRealPath())
                .contains("shared with " + PEER);
        assertThat(runOk("--home", h, "folder", "list")).contains("docs").contains(docs.toString());

        assertThat(runFailing(
                        "--home", h, "folder", "add", docs.resolve("missing").toString(), "--id", "x"))
                .contains("does not exist");
        assertThat(runFailing("--home", h, "folder", "add", docs.toString(), "--id", "other"))
                .contains("already shared as folder 'docs'");
        assertThat(runFailing("--home", h, "folder", "add", docs.toString(), "--id", "bad id!"))
                .contains("may only use");
    }

    @Test
    void commandsNeedAnInitialisedHome() {
        assertThat(runFailing("--home", home.toString(), "device", "list")).contains("Run 'shoal init' first");
        assertThat(runFailing("--home", home.toString(), "folder", "list")).contains("Run 'shoal init' first");
    }
}
