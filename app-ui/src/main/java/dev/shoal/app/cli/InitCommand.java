package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.identity.IdentityStore;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "init", description = "Create this device's identity (once) and print its device ID.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Device name shown to other devices (default: host name).")
    String name;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "UDP address to listen on (default: " + Config.DEFAULT_LISTEN + ").")
    String listen;

    @Override
    public Integer call() throws IOException {
        ShoalHome home = parent.home();
        dev.shoal.app.HomePermissions.secure(home.dir()); // 0700 before anything is written into it
        IdentityStore store = new IdentityStore(home.identityDir());
        boolean existed = store.exists();
        DeviceIdentity identity = store.loadOrCreate(name != null ? name : hostName());
        String listenAddress = listen == null ? null : HostPort.format(HostPort.parse(listen));
        Homes.config(home).update(Homes.initialConfig(home), c -> {
            var d = c.device();
            return c.withDeviceSettings(new Config.DeviceSettings(
                    name != null ? name : d.name(),
                    listenAddress != null ? listenAddress : d.listen(),
                    d.mdns(),
                    d.sendKiBps(),
                    d.receiveKiBps(),
                    d.limitLan(),
                    d.metricsListen()));
        });
        dev.shoal.app.HomePermissions.secure(home.dir());
        if (existed) {
            spec.commandLine()
                    .getErr()
                    .println("This device was already initialised in " + home.dir() + "; its ID is unchanged.");
        }
        spec.commandLine().getOut().println(identity.deviceId());
        return 0;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "shoal";
        }
    }
}
