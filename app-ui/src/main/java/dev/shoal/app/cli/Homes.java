package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.ConfigStore;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.identity.IdentityStore;
import java.io.IOException;

/** What the commands need of an initialised home: its device id and its config. */
final class Homes {
    private Homes() {}

    static DeviceId requireIdentity(ShoalHome home) throws IOException {
        IdentityStore store = new IdentityStore(home.identityDir());
        if (!store.exists()) {
            throw new UserError("No device identity in " + home.dir() + ". Run 'shoal init' first.");
        }
        return store.load().deviceId();
    }

    static Config initialConfig(ShoalHome home) {
        return Config.initial(InitCommand.hostName(), Config.DEFAULT_LISTEN);
    }

    /** The saved config, or the one a fresh home starts with. */
    static Config currentConfig(ShoalHome home) throws java.io.IOException {
        return config(home).load().orElse(initialConfig(home));
    }

    static ConfigStore config(ShoalHome home) {
        return new ConfigStore(home.dir());
    }
}
