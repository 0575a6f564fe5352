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
        JsonNode network = status.path("network");
        if (network.path("lanOnly").asBoolean(true)) {
            out.println("Network: LAN only (no discovery server)");
        } else {
            out.printf(
                    "Network: %s%s, %s%n",
                    network.hasNonNull("discovery")
                            ? "discovery server " + network.get("discovery").asText()
                            : "no discovery server",
                    network.hasNonNull("stun")
                            ? ", STUN server " + network.get("stun").asText()
                            : "",
                    network.hasNonNull("error")
                            ? "error: " + network.get("error").asText()
                            : network.hasNonNull("lastAnnounced")
                                    ? "announced "
                                            + network.get("lastAnnounced").asText()
                                    : network.hasNonNull("discovery") ? "not announced yet" : "ok");
            if (!status.at("/device/publicAddresses").isEmpty()) {
                out.println("  public addresses: " + status.at("/device/publicAddresses"));
            }
        }
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
        for (JsonNode o : status.path("folderOffers")) {
            out.printf(
                    "Folder offered: '%s' (%s) by %s — accept with: shoal folder accept %s --path DIR;"
                            + " decline with: shoal folder decline %s --device %s%n",
                    o.get("label").asText(),
                    o.get("folder").asText(),
                    o.get("deviceName").asText().isEmpty()
                            ? o.get("device").asText()
                            : o.get("deviceName").asText(),
                    o.get("folder").asText(),
                    o.get("folder").asText(),
                    o.get("device").asText());
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

    /**
     * " over TCP" for a session carried by TLS over TCP (QUIC is the usual case and goes unsaid), and how it is
     * reached when that is across the internet.
     */
    private static String over(JsonNode device) {
        JsonNode t = device.get("transport");
        String how = t != null && "tcp".equals(t.asText()) ? " over TCP" : "";
        JsonNode path = device.get("path");
        if (path != null && "direct".equals(path.asText())) {
            how += ", direct over the internet";
        } else if (path != null && "relay".equals(path.asText())) {
            how += ", via relay";
        }
        JsonNode rtt = device.get("rttMs");
        return rtt != null && rtt.asDouble() > 0 ? how + String.format(" (%.0f ms)", rtt.asDouble()) : how;
    }
}
