package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "versions",
        description = "Old versions of files that other devices replaced or deleted.",
        subcommands = {VersionsCommand.ListVersions.class, VersionsCommand.Restore.class, VersionsCommand.Clean.class})
final class VersionsCommand implements Runnable {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Command(name = "list", description = "List stored versions.")
    static final class ListVersions implements Callable<Integer> {
        @ParentCommand
        VersionsCommand versions;

        @Spec
        CommandSpec spec;

        @Option(names = "--folder", paramLabel = "ID", description = "Only this folder.")
        String folder;

        @Option(names = "--json", description = "Print JSON (the API's answer) instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode answer =
                    new ApiClient(versions.parent.home()).get("/rest/versions" + ApiClient.folderQuery(folder));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
            } else if (answer.get("versions").isEmpty()) {
                out.println("No stored versions.");
            } else {
                for (JsonNode v : answer.get("versions")) {
                    String by = v.path("device").asText("");
                    out.printf(
                            "%s: %s  (%,d bytes, kept %s%s)%n",
                            v.get("folder").asText(),
                            v.get("name").asText(),
                            v.get("size").asLong(),
                            v.get("archivedAt").asText(),
                            by.isEmpty() ? "" : ", made by " + by);
                }
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Put a stored version back (the newest one unless --at says which).")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        VersionsCommand versions;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER_ID")
        String folder;

        @Parameters(index = "1", paramLabel = "NAME", description = "The file's path inside the folder.")
        String name;

        @Option(names = "--at", paramLabel = "TIME", description = "Which version, as listed (e.g. 2026-11-21T09:30).")
        String at;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode answer = new ApiClient(versions.parent.home())
                    .post("/rest/versions/restore?folder=" + enc(folder) + "&name=" + enc(name)
                            + (at == null ? "" : "&at=" + enc(at)));
            spec.commandLine()
                    .getOut()
                    .println("Restored " + answer.get("restored").asText() + " (kept "
                            + answer.get("archivedAt").asText() + ")");
            return 0;
        }
    }

    @Command(
            name = "clean",
            description = "Apply each folder's versioning to its kept versions now (the daemon also does it hourly).")
    static final class Clean implements Callable<Integer> {
        @ParentCommand
        VersionsCommand versions;

        @Spec
        CommandSpec spec;

        @Option(names = "--folder", paramLabel = "ID", description = "Only this folder.")
        String folder;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode answer =
                    new ApiClient(versions.parent.home()).post("/rest/versions/clean" + ApiClient.folderQuery(folder));
            PrintWriter out = spec.commandLine().getOut();
            answer.get("removed")
                    .properties()
                    .forEach(e -> out.printf(
                            "%s: %d old %s removed, as its versioning says%n",
                            e.getKey(), e.getValue().asInt(), e.getValue().asInt() == 1 ? "version" : "versions"));
            return 0;
        }
    }
}
