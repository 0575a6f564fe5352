package dev.shoal.app;

import dev.shoal.app.cli.ShoalCommand;

/** Entry point of the {@code shoal} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ShoalCommand.commandLine().execute(args));
    }
}
