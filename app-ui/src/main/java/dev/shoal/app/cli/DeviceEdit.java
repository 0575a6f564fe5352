package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.FolderEdits;
import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shoal device edit}: rename a paired device or change where it is dialled. */
@Command(name = "edit", description = "Rename a paired device or change its addresses.")
final class DeviceEdit implements Callable<Integer> {
    @ParentCommand
    DeviceCommand device;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEVICE_ID")
    String id;

    @Option(names = "--name", paramLabel = "NAME", description = "The name shown for it.")
    String name;

    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description = "Where to dial it (repeatable; replaces the addresses it had).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--no-address", description = "No fixed address: found by mDNS or the discovery server.")
    boolean noAddress;

    @Override
    public Integer call() throws IOException {
        ShoalHome home = device.parent.home();
        Homes.requireIdentity(home);
        DeviceId d = DeviceCommand.parseId(id);
        if (name == null && addresses.isEmpty() && !noAddress) {
            throw new UserError("Nothing to change: give --name, --address or --no-address.");
        }
        List<String> parsed =
                addresses.stream().map(a -> HostPort.format(HostPort.parse(a))).toList();
        Config saved = Homes.config(home)
                .update(Homes.initialConfig(home), c -> FolderEdits.editDevice(c, d, name, parsed, noAddress));
        Config.PeerDevice p = saved.device(d.toString()).orElseThrow();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Device " + (p.name().isEmpty() ? d.shortString() : p.name()) + " (" + d + "): "
                + (p.addresses().isEmpty() ? "no fixed address" : "dialled at " + String.join(", ", p.addresses()))
                + ".");
        LiveReload.apply(home, out);
        return 0;
    }
}
