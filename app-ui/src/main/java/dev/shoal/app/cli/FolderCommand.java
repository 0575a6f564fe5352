package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.Config.SharedFolder;
import dev.shoal.app.config.ConfigEdits;
import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        name = "folder",
        description = "Share folders, list, edit and remove them, accept or decline offered ones.",
        subcommands = {
            FolderCommand.Add.class,
            FolderCommand.ListFolders.class,
            FolderCommand.OverrideRemote.class,
            FolderCommand.Revert.class,
            FolderManagement.Remove.class,
            FolderManagement.Edit.class,
            FolderManagement.Accept.class,
            FolderManagement.Decline.class
        })
final class FolderCommand implements Runnable {

    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", description = "Share a folder (the same --id on every device that syncs it).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "The directory to keep in sync.")
        Path path;

        @Option(
                names = "--id",
                required = true,
                paramLabel = "FOLDER_ID",
                description = "Folder ID shared by all devices.")
        String id;

        @Option(
                names = "--share",
                paramLabel = "DEVICE_ID",
                description = "A paired device to share with (repeatable).")
        List<String> share = new ArrayList<>();

        @Option(
                names = "--type",
                paramLabel = "TYPE",
                description = "send-receive (default), send-only or receive-only.")
        String type;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = folder.parent.home();
            Homes.requireIdentity(home);
            Path dir = ConfigEdits.checkFolder(id, path, type);
            Config current = Homes.currentConfig(home);
            List<DeviceId> devices = new ArrayList<>();
            for (String s : share) {
                DeviceId d = DeviceCommand.parseId(s);
                if (current.device(d.toString()).isEmpty()) {
                    throw new UserError("Device " + d + " is not paired. Add it first: shoal device add " + d);
                }
                devices.add(d);
            }
            Config saved = Homes.config(home)
                    .update(Homes.initialConfig(home), c -> ConfigEdits.addFolder(c, id, dir, devices, type));
            SharedFolder f = saved.folder(id).orElseThrow();
            spec.commandLine()
                    .getOut()
                    .println("Folder '" + id + "' at " + f.path()
                            + (f.sharedWith().isEmpty()
                                    ? " (not shared with any device yet)"
                                    : " shared with " + String.join(", ", f.sharedWith())));
            LiveReload.apply(home, spec.commandLine().getOut());
            return 0;
        }
    }

    /** Asks the running daemon for a one-way folder's settling action. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String id;

        abstract String path();

        abstract String done();

        @Override
        public Integer call() throws IOException, InterruptedException {
            new ApiClient(folder.parent.home())
                    .post(path() + "?folder="
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().println(done());
            return 0;
        }
    }

    @Command(name = "override", description = "Send-only folder: make this device's files win on every peer.")
    static final class OverrideRemote extends Action {
        @java.lang.Override
        String path() {
            return "/rest/folder/override";
        }

        @java.lang.Override
        String done() {
            return "This device's versions now win; peers take them as they sync.";
        }
    }

    @Command(name = "revert", description = "Receive-only folder: undo local changes (kept in versions).")
    static final class Revert extends Action {
        @java.lang.Override
        String path() {
            return "/rest/folder/revert";
        }

        @java.lang.Override
        String done() {
            return "Local changes moved to versions; the peers' files are coming back.";
        }
    }

    @Command(name = "list", description = "List shared folders.")
    static final class ListFolders implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = folder.parent.home();
            Homes.requireIdentity(home);
            Config config = Homes.currentConfig(home);
            PrintWriter out = spec.commandLine().getOut();
            if (config.folders().isEmpty()) {
                out.println("No folders. Add one with: shoal folder add PATH --id FOLDER_ID");
                return 0;
            }
            for (SharedFolder f : config.folders()) {
                out.printf(
                        "%-20s %s  shared with: %s%s%n",
                        f.id(),
                        f.path(),
                        f.sharedWith().isEmpty() ? "-" : String.join(", ", f.sharedWith()),
                        f.label() == null ? "" : "  label: " + f.label());
            }
            return 0;
        }
    }
}
