package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shoal metrics}: prints the Prometheus metrics, or serves them to a Prometheus on the LAN. */
@Command(
        name = "metrics",
        description = "Print this device's Prometheus metrics, or serve them read-only at an address of your choice"
                + " (off by default).")
final class MetricsCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    static final class Serving {
        @Option(
                names = "--listen",
                paramLabel = "HOST:PORT",
                description = "Serve GET /metrics there without the API key (anyone who reaches it sees folder IDs,"
                        + " device IDs and names, and traffic).")
        String listen;

        @Option(names = "--off", description = "Stop serving them beyond the local API.")
        boolean off;
    }

    @ArgGroup(exclusive = true)
    Serving serving;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ShoalHome home = parent.home();
        PrintWriter out = spec.commandLine().getOut();
        if (serving == null) {
            out.print(new ApiClient(home).text("/metrics"));
            return 0;
        }
        Homes.requireIdentity(home);
        String at = serving.off ? null : HostPort.format(HostPort.parse(serving.listen));
        Homes.config(home)
                .update(
                        Homes.initialConfig(home),
                        c -> c.withDeviceSettings(c.device().withMetricsListen(at)));
        out.println(
                at == null
                        ? "Metrics are served only on the local API now."
                        : "Metrics will be served at http://" + at + "/metrics (read-only, no key).");
        LiveReload.apply(home, out);
        return 0;
    }
}
