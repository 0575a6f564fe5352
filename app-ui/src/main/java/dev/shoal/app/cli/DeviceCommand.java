package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.Config.PeerDevice;
import dev.shoal.app.config.ConfigEdits;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.InvalidDeviceIdException;
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

@Command(
        name = "device",
        description = "Pair with other devices and list them.",
        subcommands = {
            DeviceCommand.Add.class,
            DeviceEdit.class,
            DeviceCommand.Remove.class,
            DeviceCommand.ListDevices.class
        })
final class DeviceCommand implements Runnable {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Parses an id typed by a user, turning a typo into a message that says so. */
    static DeviceId parseId(String text) {
        try {
            return DeviceId.parse(text);
        } catch (InvalidDeviceIdException e) {
            throw new UserError("'" + text.strip() + "' is not a valid device ID. " + e.getMessage());
        }
    }

    @Command(name = "add", description = "Pair with a device (give it this device's ID too).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The other device's ID (shown by 'shoal id' there).")
        String id;

        @Option(names = "--name", paramLabel = "N", description = "A name for it (default: what it announces).")
        String name;

        @Option(
                names = "--address",
                paramLabel = "HOST:PORT",
                description = "A static address to reach it (repeatable); mDNS finds it on the LAN without one.")
        List<String> addresses = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            ShoalHome home = device.parent.home();
            DeviceId self = Homes.requireIdentity(home);
            DeviceId peer = parseId(id);
            List<String> parsed = addresses.stream()
                    .map(a -> HostPort.format(HostPort.parse(a)))
                    .toList();
            Config saved = Homes.config(home)
                    .update(Homes.initialConfig(home), c -> ConfigEdits.addDevice(c, self, peer, name, parsed));
            PeerDevice stored = saved.device(peer.toString()).orElseThrow();
            spec.commandLine()
                    .getOut()
                    .println("Paired with " + peer
                            + (stored.name().isEmpty() ? "" : " (" + stored.name() + ")")
                            + (stored.addresses().isEmpty() ? "" : " at " + String.join(", ", stored.addresses())));
            spec.commandLine()
                    .getOut()
                    .println("Verification: " + dev.shoal.engine.api.VerificationCode.of(self, peer)
                            + " (the other device shows the same when it asks to pair; if it shows another, do not"
                            + " share anything and remove this device)");
            LiveReload.apply(home, spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(
            name = "remove",
            description = "Unpair a device: its connections close at once, every folder is unshared from it, and it"
                    + " is never admitted again unless paired anew. Files stay on disk.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The device to remove.")
        String id;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = device.parent.home();
            Homes.requireIdentity(home);
            DeviceId peer = parseId(id);
            Homes.config(home).update(Homes.initialConfig(home), c -> ConfigEdits.removeDevice(c, peer));
            spec.commandLine()
                    .getOut()
                    .println("Removed " + peer + ": it can no longer connect, and no folder is shared with it. Files"
                            + " stay on disk.");
            LiveReload.apply(home, spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "list", description = "List paired devices.")
    static final class ListDevices implements Callable<Integer> {
        @ParentCommand
        DeviceCommand device;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = device.parent.home();
            Homes.requireIdentity(home);
            Config config = Homes.currentConfig(home);
            PrintWriter out = spec.commandLine().getOut();
            if (config.devices().isEmpty()) {
                out.println("No paired devices. Add one with: shoal device add ID");
                return 0;
            }
            for (PeerDevice d : config.devices()) {
                out.printf(
                        "%s  %-20s %s%n",
                        d.id(),
                        d.name().isEmpty() ? "-" : d.name(),
                        d.addresses().isEmpty() ? "(found by mDNS)" : String.join(", ", d.addresses()));
            }
            return 0;
        }
    }
}
