package dev.shoal.app.cli;

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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shoal pause} and {@code shoal resume}: a paused folder is neither scanned nor synced, a paused device is
 * not connected to. Saved in the config (so it lasts across restarts) and applied to a running daemon at once.
 */
final class PauseCommand {
    private PauseCommand() {}

    @Command(
            name = "pause",
            description = "Pause folders or devices (everything when none is named); lasts until 'shoal resume'.")
    static final class Pause extends Toggle {
        Pause() {
            super(true);
        }
    }

    @Command(name = "resume", description = "Resume paused folders or devices (everything when none is named).")
    static final class Resume extends Toggle {
        Resume() {
            super(false);
        }
    }

    abstract static class Toggle implements Callable<Integer> {
        private final boolean pause;

        @ParentCommand
        ShoalCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--folder", paramLabel = "ID", description = "A folder ID (repeatable).")
        List<String> folders = new ArrayList<>();

        @Option(names = "--device", paramLabel = "DEVICE_ID", description = "A paired device (repeatable).")
        List<String> devices = new ArrayList<>();

        Toggle(boolean pause) {
            this.pause = pause;
        }

        @Override
        public Integer call() throws IOException {
            List<String> deviceIds = new ArrayList<>();
            for (String d : devices) {
                try {
                    deviceIds.add(DeviceId.parse(d).toString());
                } catch (InvalidDeviceIdException e) {
                    throw new UserError("'" + d + "' is not a device ID: " + e.getMessage());
                }
            }
            boolean all = folders.isEmpty() && deviceIds.isEmpty();
            List<String> changed = new ArrayList<>();
            Homes.config(parent.home()).update(Homes.initialConfig(parent.home()), c -> {
                for (String id : folders) {
                    if (c.folder(id).isEmpty()) {
                        throw new UserError("No folder with ID '" + id + "'. See 'shoal folder list'.");
                    }
                }
                for (String id : deviceIds) {
                    if (c.device(id).isEmpty()) {
                        throw new UserError("Device " + id + " is not paired. See 'shoal device list'.");
                    }
                }
                ConfigEdits.Paused result = ConfigEdits.setPaused(
                        c, id -> all || folders.contains(id), id -> all || deviceIds.contains(id), pause);
                changed.clear();
                changed.addAll(result.changed());
                return result.config();
            });
            PrintWriter out = spec.commandLine().getOut();
            if (changed.isEmpty()) {
                out.println(
                        "Nothing to " + (pause ? "pause" : "resume") + ": already " + (pause ? "paused." : "running."));
                return 0;
            }
            out.println((pause ? "Paused " : "Resumed ") + String.join(", ", changed) + ".");
            LiveReload.apply(parent.home(), out);
            return 0;
        }
    }
}
