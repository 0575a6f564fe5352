package dev.shoal.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.discovery.global.ServerPin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "network",
        description = "How this device is found and reached beyond the LAN: your own discovery, STUN and TURN"
                + " servers, or LAN only.",
        subcommands = {NetworkCommand.Set.class, NetworkCommand.Show.class})
final class NetworkCommand implements Runnable {
    @ParentCommand
    ShoalCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "set",
            description = "Use a discovery server you host (stdiscosrv), or none (--lan-only). A running daemon"
                    + " applies it at once.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--discovery",
                paramLabel = "https://HOST:PORT",
                description = "Your discovery server; devices announce there and look each other up.")
        String discovery;

        @Option(
                names = "--discovery-id",
                paramLabel = "ID",
                description = "The server's ID (printed by stdiscosrv when it starts), for a server whose"
                        + " certificate no authority signed.")
        String discoveryId;

        @Option(
                names = "--stun",
                paramLabel = "HOST:PORT",
                description = "A STUN server (coturn answers STUN too) that tells this device its public address.")
        String stun;

        @Option(
                names = "--turn",
                paramLabel = "turn://USER:PASS@HOST:PORT",
                description = "A TURN server (coturn) that relays for this device when no direct path opens; it"
                        + " also tells the device its public address.")
        String turn;

        @Option(names = "--lan-only", description = "No servers: find devices on the LAN only, send nothing beyond it.")
        boolean lanOnly;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = network.parent.home();
            Homes.requireIdentity(home);
            if (lanOnly == (discovery != null || stun != null || turn != null)) {
                throw new UserError("Give --lan-only, or servers: --discovery https://HOST:PORT [--discovery-id ID],"
                        + " --stun HOST:PORT, --turn turn://USER:PASS@HOST:PORT.");
            }
            if (discoveryId != null && discovery == null) {
                throw new UserError("--discovery-id names the certificate of the --discovery server; give both.");
            }
            Config.NetworkSettings next = lanOnly
                    ? Config.NetworkSettings.LAN_ONLY
                    : new Config.NetworkSettings(
                            discovery == null ? null : url(discovery),
                            pin(discoveryId),
                            stun == null ? null : HostPort.format(HostPort.parse(stun)),
                            turn == null ? null : turnUrl(turn));
            Homes.config(home).update(Homes.initialConfig(home), c -> c.withNetwork(next));
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    next.lanOnly()
                            ? "LAN only: this device is found on the LAN and sends nothing beyond it."
                            : "Network settings saved: " + describe(next) + ".");
            LiveReload.apply(home, out);
            return 0;
        }

        static String describe(Config.NetworkSettings s) {
            StringBuilder b = new StringBuilder();
            if (s.discovery() != null) {
                b.append("discovery server ").append(s.discovery());
            }
            if (s.stun() != null) {
                b.append(b.isEmpty() ? "" : ", ").append("STUN server ").append(s.stun());
            }
            if (s.turn() != null) {
                b.append(b.isEmpty() ? "" : ", ")
                        .append("TURN relay ")
                        .append(dev.shoal.app.config.TurnUrl.parse(s.turn()).withoutPassword());
            }
            return b.toString();
        }

        static String turnUrl(String text) {
            try {
                return dev.shoal.app.config.TurnUrl.parse(text).text();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }

        static String url(String text) {
            URI uri;
            try {
                uri = new URI(text.strip());
            } catch (java.net.URISyntaxException e) {
                throw new UserError("'" + text + "' is not a URL; give https://HOST:PORT");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new UserError("'" + text + "' is not an https://HOST:PORT address; a discovery server speaks"
                        + " HTTPS only.");
            }
            return "https://"
                    + (uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                            ? "[" + uri.getHost() + "]"
                            : uri.getHost())
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }

        static String pin(String text) {
            if (text == null) {
                return null;
            }
            try {
                return ServerPin.parse(text).hex();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "show", description = "Show the network settings (and, with a daemon running, their state).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        NetworkCommand network;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "As JSON (stable field names, for scripts).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ShoalHome home = network.parent.home();
            Config.NetworkSettings s =
                    Homes.config(home).load().map(Config::network).orElse(Config.NetworkSettings.LAN_ONLY);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("lanOnly", s.lanOnly());
                doc.put("discovery", s.discovery());
                doc.put("discoveryId", s.discoveryId());
                doc.put("stun", s.stun());
                doc.put(
                        "turn",
                        s.turn() == null
                                ? null
                                : dev.shoal.app.config.TurnUrl.parse(s.turn()).withoutPassword());
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                return 0;
            }
            if (s.lanOnly()) {
                out.println("LAN only: no discovery server; nothing is sent beyond the LAN.");
            } else {
                out.println("Discovery server: " + (s.discovery() == null ? "none" : s.discovery()));
                if (s.discovery() != null) {
                    out.println("Server ID (certificate SHA-256): "
                            + (s.discoveryId() == null
                                    ? "none (the server needs a trusted certificate)"
                                    : s.discoveryId()));
                }
                out.println("STUN server: " + (s.stun() == null ? "none" : s.stun()));
                out.println("TURN relay: "
                        + (s.turn() == null
                                ? "none"
                                : dev.shoal.app.config.TurnUrl.parse(s.turn()).withoutPassword()
                                        + " (password saved, not shown)"));
            }
            return 0;
        }
    }
}
