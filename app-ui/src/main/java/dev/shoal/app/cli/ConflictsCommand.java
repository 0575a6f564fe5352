package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "conflicts", description = "List files changed on two devices at once, with both versions.")
final class ConflictsCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--folder", paramLabel = "ID", description = "Only this folder.")
    String folder;

    @Option(names = "--json", description = "Print JSON (the API's answer) instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String path = "/rest/conflicts" + ApiClient.folderQuery(folder);
        JsonNode answer = new ApiClient(parent.home()).get(path);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.toString());
            return 0;
        }
        JsonNode list = answer.get("conflicts");
        if (list.isEmpty()) {
            out.println("No conflicts.");
            return 0;
        }
        for (JsonNode c : list) {
            out.printf("%s: %s%n", c.get("folder").asText(), c.get("file").asText());
            out.printf("  kept:     %s%n", describe(c.get("current")));
            out.printf(
                    "  copy:     %s  (%s)%n",
                    describe(c.get("conflicting")), c.get("copy").asText());
        }
        return 0;
    }

    private static String describe(JsonNode v) {
        return String.format(
                "%,d bytes, modified %s on %s",
                v.get("size").asLong(),
                v.get("modified").asText(),
                v.get("device").asText());
    }
}
