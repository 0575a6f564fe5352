package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.FolderEdits;
import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shoal folder remove | edit | accept | decline}: managing folders already set up, or offered. */
final class FolderManagement {
    private FolderManagement() {}

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Command(
            name = "remove",
            description = "Stop syncing a folder on this device (with every device it is shared with from here)."
                    + " Its files stay on disk.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String id;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = folder.parent.home();
            Homes.requireIdentity(home);
            String path = Homes.currentConfig(home)
                    .folder(id)
                    .map(Config.SharedFolder::path)
                    .orElse(null);
            Homes.config(home).update(Homes.initialConfig(home), c -> FolderEdits.removeFolder(c, id));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Folder '" + id + "' removed: Shoal no longer syncs it here. Its files stay in " + path + ".");
            LiveReload.apply(home, out);
            return 0;
        }
    }

    static final class Watching {
        @Option(names = "--watch", description = "Watch for changes (the default).")
        boolean watch;

        @Option(names = "--no-watch", description = "Do not watch; only the periodic rescan notices changes.")
        boolean noWatch;
    }

    @Command(name = "edit", description = "Change a folder: label, devices, type, rescan interval, watching.")
    static final class Edit implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String id;

        @Option(names = "--label", paramLabel = "LABEL", description = "The name shown for it.")
        String label;

        @Option(names = "--share", paramLabel = "DEVICE_ID", description = "Share with a paired device (repeatable).")
        List<String> share = new ArrayList<>();

        @Option(
                names = "--unshare",
                paramLabel = "DEVICE_ID",
                description = "Stop sharing with a device (repeatable): it is served nothing more from this folder.")
        List<String> unshare = new ArrayList<>();

        @Option(names = "--type", paramLabel = "TYPE", description = "send-receive, send-only or receive-only.")
        String type;

        @Option(
                names = "--rescan-interval",
                paramLabel = "SECONDS",
                description = "Seconds between full rescans (default: 3600 when watched, 60 when not).")
        Integer rescan;

        @ArgGroup(exclusive = true)
        Watching watching;

        @Option(
                names = "--versioning",
                paramLabel = "TYPE",
                description = "What is kept of files other devices replace or delete: none, trash (for --keep days,"
                        + " 30 by default), simple (the newest --keep versions, 5 by default), staggered (thinned"
                        + " out with age, none older than --max-age days, 365 by default) or external (--command"
                        + " gets the file's path and must take it away).")
        String versioning;

        @Option(names = "--keep", paramLabel = "N", description = "Days (trash) or versions (simple) to keep.")
        Integer keep;

        @Option(names = "--max-age", paramLabel = "DAYS", description = "Staggered: the oldest version kept.")
        Integer maxAge;

        @Option(
                names = "--command",
                paramLabel = "CMD",
                description = "External: the command (split at spaces, no shell); %FILE_PATH% is the file's path.")
        String command;

        @Option(
                names = "--local-changes",
                description = "Version files changed or deleted on this device too (keeps a copy of every file:"
                        + " the folder takes twice its space).")
        boolean localChanges;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = folder.parent.home();
            Homes.requireIdentity(home);
            Boolean watch = watching == null ? null : watching.watch;
            if ((keep != null || maxAge != null || command != null || localChanges) && versioning == null) {
                throw new UserError("--keep, --max-age, --command and --local-changes go with --versioning TYPE.");
            }
            if (label == null
                    && share.isEmpty()
                    && unshare.isEmpty()
                    && type == null
                    && rescan == null
                    && watch == null
                    && versioning == null) {
                throw new UserError("Nothing to change: give --label, --share, --unshare, --type, --rescan-interval,"
                        + " --watch, --no-watch or --versioning.");
            }
            FolderEdits.FolderChange change = new FolderEdits.FolderChange(
                    label,
                    share.stream().map(DeviceCommand::parseId).toList(),
                    unshare.stream().map(DeviceCommand::parseId).toList(),
                    type,
                    rescan,
                    watch,
                    versioning == null
                            ? null
                            : new Config.VersioningSettings(
                                    versioning, keep, maxAge, command, localChanges ? Boolean.TRUE : null));
            Config saved =
                    Homes.config(home).update(Homes.initialConfig(home), c -> FolderEdits.editFolder(c, id, change));
            Config.SharedFolder f = saved.folder(id).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Folder '" + f.displayName() + "' (" + f.id() + "): " + f.type() + ", shared with "
                    + (f.sharedWith().isEmpty() ? "no device" : String.join(", ", f.sharedWith()))
                    + (f.watched() ? ", watched" : ", not watched")
                    + (f.rescanIntervalS() == null ? "" : ", rescanned every " + f.rescanIntervalS() + " s")
                    + ", versions: " + describe(FolderEdits.versioning(f.versioning())) + ".");
            LiveReload.apply(home, out);
            return 0;
        }
    }

    static String describe(dev.shoal.store.versions.Versioning v) {
        String kept =
                switch (v.type()) {
                    case NONE -> "none kept";
                    case TRASH -> "kept " + v.keep() + " days";
                    case SIMPLE -> "the newest " + v.keep() + " of each file";
                    case STAGGERED -> "staggered, up to " + v.maxAgeDays() + " days";
                    case EXTERNAL -> "handed to " + v.command().strip().split("\\s+")[0];
                };
        return v.localChanges() ? kept + ", changes made here too" : kept;
    }

    @Command(name = "accept", description = "Sync a folder a paired device offers (see shoal status).")
    static final class Accept implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String id;

        @Option(names = "--path", required = true, paramLabel = "DIR", description = "Where to keep it (created).")
        Path path;

        @Option(
                names = "--type",
                paramLabel = "TYPE",
                description = "send-receive (default), send-only or receive-only.")
        String type;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String query = "?folder=" + enc(id) + "&path="
                    + enc(path.toAbsolutePath().toString()) + (type == null ? "" : "&type=" + enc(type));
            JsonNode answer = new ApiClient(folder.parent.home()).post("/rest/folder/accept" + query);
            spec.commandLine()
                    .getOut()
                    .println("Folder '" + id + "' accepted: it syncs into "
                            + answer.path("path").asText() + " with "
                            + answer.path("sharedWith").size() + " device(s).");
            return 0;
        }
    }

    @Command(name = "decline", description = "Decline a folder a paired device offers; it is not offered again.")
    static final class Decline implements Callable<Integer> {
        @ParentCommand
        FolderCommand folder;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String id;

        @Option(names = "--device", required = true, paramLabel = "DEVICE_ID", description = "The device offering it.")
        String device;

        @Override
        public Integer call() throws IOException, InterruptedException {
            DeviceId d = DeviceCommand.parseId(device);
            new ApiClient(folder.parent.home())
                    .post("/rest/folder/decline?folder=" + enc(id) + "&device=" + enc(d.toString()));
            spec.commandLine().getOut().println("Declined folder '" + id + "' from " + d.shortString() + ".");
            return 0;
        }
    }
}
