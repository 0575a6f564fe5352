package dev.shoal.app.cli;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.Config.SharedFolder;
import dev.shoal.engine.protocol.DeviceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "folder",
        description = "Share folders and list them.",
        subcommands = {
            FolderCommand.Add.class,
            FolderCommand.ListFolders.class,
            FolderCommand.OverrideRemote.class,
            FolderCommand.Revert.class
        })
final class FolderCommand implements Runnable {
    private static final Pattern FOLDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
            if (type != null) {
                try {
                    dev.shoal.engine.folder.FolderType.parse(type);
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                }
            }
            if (!FOLDER_ID.matcher(id).matches()) {
                throw new UserError(
                        "Folder ID '" + id + "' may only use letters, digits, '.', '_' and '-' (64 at most).");
            }
            Path dir = path.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new UserError(dir + " does not exist or is not a directory. Create it first, or check the path.");
            }
            if (!Files.isWritable(dir)) {
                throw new UserError(dir + " is not writable by this user, so Shoal could not store what it receives."
                        + " Fix its permissions or choose another directory.");
            }
            Config current = Homes.currentConfig(home);
            Set<String> devices = new LinkedHashSet<>();
            for (String s : share) {
                DeviceId d = DeviceCommand.parseId(s);
                if (current.device(d.toString()).isEmpty()) {
                    throw new UserError("Device " + d + " is not paired. Add it first: shoal device add " + d);
                }
                devices.add(d.toString());
            }
            Config saved = Homes.config(home).update(Homes.initialConfig(home), c -> {
                for (SharedFolder f : c.folders()) {
                    if (!f.id().equals(id) && Path.of(f.path()).equals(dir)) {
                        throw new UserError(dir + " is already shared as folder '" + f.id() + "'.");
                    }
                }
                SharedFolder old = c.folder(id).orElse(null);
                if (old != null && !Path.of(old.path()).equals(dir)) {
                    throw new UserError("Folder ID '" + id + "' is already used for " + old.path() + ".");
                }
                Set<String> with = new LinkedHashSet<>(old == null ? List.of() : old.sharedWith());
                with.addAll(devices);
                return c.withFolder(new SharedFolder(
                        id,
                        dir.toString(),
                        List.copyOf(with),
                        type != null ? type : old == null ? SharedFolder.SEND_RECEIVE : old.type(),
                        old != null && old.paused()));
            });
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
                        "%-20s %s  shared with: %s%n",
                        f.id(), f.path(), f.sharedWith().isEmpty() ? "-" : String.join(", ", f.sharedWith()));
            }
            return 0;
        }
    }
}
