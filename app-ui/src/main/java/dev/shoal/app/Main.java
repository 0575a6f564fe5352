package dev.shoal.app;

import dev.shoal.app.cli.ShoalCommand;

/** Entry point of the {@code shoal} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Netty's leak detector builds a stack trace for every 128th buffer: useful in tests, ~25 % of
        // throughput in production. Set before any Netty class loads; an explicit -D still wins.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        System.exit(ShoalCommand.commandLine().execute(args));
    }
}
