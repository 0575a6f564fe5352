package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code shoal events}: what happens in the running daemon, once or followed (one long poll at a time). */
@Command(
        name = "events",
        description = "Print what happened in the running daemon: devices connecting, files pulled, deleted or in"
                + " conflict, folder states and errors, devices asking to pair, folder offers, config changes.")
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "ID", description = "Only events after this id (default: all kept).")
    long since;

    @Option(names = "--follow", description = "Keep printing new events as they happen (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--json", description = "One JSON object per line (stable field names, for scripts).")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ApiClient api = new ApiClient(parent.home());
        PrintWriter out = spec.commandLine().getOut();
        long after = since;
        do {
            JsonNode page =
                    api.get("/rest/events?since=" + after + "&timeout=" + (follow ? 30 : 0), Duration.ofSeconds(45));
            long missed = page.path("missed").asLong();
            if (missed > 0) {
                out.println(
                        json
                                ? "{\"missed\":" + missed + "}"
                                : "(" + missed + " events were dropped before they could be read)");
            }
            for (JsonNode e : page.path("events")) {
                out.println(json ? e.toString() : line(e));
            }
            out.flush();
            after = page.path("lastId").asLong(after);
        } while (follow);
        return 0;
    }

    private static String line(JsonNode e) {
        StringBuilder b = new StringBuilder()
                .append('#')
                .append(e.path("id").asLong())
                .append(' ')
                .append(e.path("time").asText())
                .append(' ')
                .append(e.path("type").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            b.append(' ')
                    .append(f.getKey())
                    .append('=')
                    .append(
                            f.getValue().isTextual()
                                    ? f.getValue().asText()
                                    : f.getValue().toString());
        }
        return b.toString();
    }
}
