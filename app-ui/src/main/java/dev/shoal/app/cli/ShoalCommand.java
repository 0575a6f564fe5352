package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code shoal} command line: global options, and the subcommands scripts drive Shoal with. */
@Command(
        name = "shoal",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // so every subcommand answers --help as well
        versionProvider = ShoalCommand.Version.class,
        description = "Shoal keeps folders identical across your devices on the local network.",
        subcommands = {
            InitCommand.class,
            IdCommand.class,
            DeviceCommand.class,
            FolderCommand.class,
            RunCommand.class,
            StatusCommand.class,
            RepairCommand.class,
            ConflictsCommand.class,
            VersionsCommand.class,
            RescanCommand.class,
            PauseCommand.Pause.class,
            PauseCommand.Resume.class,
            LimitCommand.class,
            NetworkCommand.class,
            MetricsCommand.class,
            EventsCommand.class,
            GuiCommand.class
        })
public final class ShoalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Directory for this device's identity, settings and index (default: the OS convention).")
    Path home;

    public static CommandLine commandLine() {
        return commandLine(
                new java.io.PrintWriter(
                        new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset())),
                new java.io.PrintWriter(
                        new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset())));
    }

    /**
     * The command line printing to {@code out} and {@code err} through {@link TerminalSafeWriter}: text from
     * peers never reaches a terminal with its control characters.
     */
    public static CommandLine commandLine(java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = new CommandLine(new ShoalCommand());
        cl.setOut(new java.io.PrintWriter(new TerminalSafeWriter(out), true));
        cl.setErr(new java.io.PrintWriter(new TerminalSafeWriter(err), true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("shoal: " + e.getMessage());
            return e instanceof UserError || e instanceof dev.shoal.app.config.InvalidConfigException ? 1 : 2;
        });
        return cl;
    }

    /** The home directory, for the subcommands; {@code --home} may be given before or after them. */
    ShoalHome home() {
        return ShoalHome.resolve(home);
    }

    /** No subcommand: the window where there is a display (as the desktop launcher does), else the usage. */
    @Override
    public void run() {
        if (GuiCommand.displayAvailable() && !Boolean.getBoolean("shoal.noGui")) {
            dev.shoal.ui.ShoalApp.launch(home(), InitCommand.hostName());
            return;
        }
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ShoalCommand.class.getResourceAsStream("/dev/shoal/app/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"shoal " + p.getProperty("version", "unknown")};
        }
    }
}
