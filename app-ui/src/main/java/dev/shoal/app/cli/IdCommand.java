package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.transport.identity.IdentityStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "id", description = "Print this device's ID (give it to the devices you pair with).")
final class IdCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ShoalHome home = parent.home();
        IdentityStore store = new IdentityStore(home.identityDir());
        if (!store.exists()) {
            throw new UserError("No device identity in " + home.dir() + ". Run 'shoal init' first.");
        }
        spec.commandLine().getOut().println(store.load().deviceId());
        return 0;
    }
}
