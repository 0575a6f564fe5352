package dev.shoal.app.cli;

import dev.shoal.app.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shoal limit}: shows or sets the device-wide upload and download limits. */
@Command(
        name = "limit",
        description = "Show or set upload/download limits in KiB/s (0 = none). Devices on the local network are"
                + " exempt unless --lan.")
final class LimitCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--send", paramLabel = "KIB_PER_S", description = "Upload limit.")
    Long send;

    @Option(names = "--receive", paramLabel = "KIB_PER_S", description = "Download limit.")
    Long receive;

    @Option(
            names = "--lan",
            negatable = true,
            description = "Also limit devices on the local network (default: they are exempt).")
    Boolean lan;

    @Override
    public Integer call() throws IOException {
        if ((send != null && send < 0) || (receive != null && receive < 0)) {
            throw new UserError("A limit is a number of KiB/s, 0 for none.");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean changing = send != null || receive != null || lan != null;
        Config saved = changing
                ? Homes.config(parent.home()).update(Homes.initialConfig(parent.home()), c -> {
                    var d = c.device();
                    return c.withDeviceSettings(d.withLimits(
                            send != null ? send : d.sendKiBps(),
                            receive != null ? receive : d.receiveKiBps(),
                            lan != null ? lan : d.limitLan()));
                })
                : Homes.currentConfig(parent.home());
        var d = saved.device();
        out.printf(
                "Upload: %s, download: %s%s%n",
                describe(d.sendKiBps()),
                describe(d.receiveKiBps()),
                d.sendKiBps() == 0 && d.receiveKiBps() == 0
                        ? ""
                        : d.limitLan() ? " (local network included)" : " (local network exempt)");
        if (changing) {
            LiveReload.apply(parent.home(), out);
        }
        return 0;
    }

    private static String describe(long kib) {
        return kib == 0 ? "unlimited" : kib + " KiB/s";
    }
}
