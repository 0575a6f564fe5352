package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show the running daemon's folders, devices and progress.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the full status as JSON (stable field names, for scripts).")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode status = new ApiClient(parent.home()).get("/rest/status");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
            return 0;
        }
        out.printf(
                "This device: %s (%s)%n",
                status.at("/device/name").asText(), status.at("/device/id").asText());
        for (JsonNode f : status.get("folders")) {
            out.printf(
                    "Folder %s  %s  %s  %d files, %d bytes; needs %d files (%d bytes)%n",
                    f.get("id").asText(),
                    f.get("path").asText(),
                    f.get("state").asText(),
                    f.get("localFiles").asLong(),
                    f.get("localBytes").asLong(),
                    f.get("needFiles").asLong(),
                    f.get("needBytes").asLong());
            for (JsonNode e : f.get("errors")) {
                out.println("  error: " + e.asText());
            }
        }
        for (JsonNode d : status.get("devices")) {
            out.printf(
                    "Device %s (%s): %s%n",
                    d.get("name").asText(),
                    d.get("id").asText(),
                    d.get("connected").asBoolean()
                            ? "connected at " + d.get("address").asText() + over(d)
                            : "not connected");
        }
        for (JsonNode p : status.get("pendingDevices")) {
            out.printf(
                    "Wants to pair: %s (%s) from %s — accept with: shoal device add %s%n",
                    p.get("name").asText(),
                    p.get("id").asText(),
                    p.get("address").asText(),
                    p.get("id").asText());
            out.printf(
                    "  verification: %s (accept only if the other device shows the same)%n",
                    p.path("verification").asText());
        }
        return 0;
    }

    /** " over TCP" for a session carried by TLS over TCP (QUIC is the usual case and goes unsaid). */
    private static String over(JsonNode device) {
        JsonNode t = device.get("transport");
        return t != null && "tcp".equals(t.asText()) ? " over TCP" : "";
    }
}
