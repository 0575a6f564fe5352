package dev.shoal.app.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.app.Await;
import dev.shoal.app.daemon.PairedHomes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The servers a user hosts beyond the LAN, started for real on a {@link NatLab}'s public side (stdiscosrv,
 * coturn), and the device set-up and status reading the tests beyond the LAN share.
 */
final class RendezvousKit {
    static final String DISCOVERY = "https://" + NatLab.SERVER + ":8443";
    static final String TURN_USER = "shoal";
    static final String TURN_PASSWORD = "correct-horse";
    /** coturn's relayed ports in the lab: counted by the relay tests. */
    static final int RELAY_MIN = 49160;

    static final int RELAY_MAX = 49200;

    private final NatLab lab;
    private final Path tmp;

    RendezvousKit(NatLab lab, Path tmp) {
        this.lab = lab;
        this.tmp = tmp;
    }

    static boolean available() {
        return NetnsLab.available()
                && new java.io.File("/usr/bin/stdiscosrv").canExecute()
                && new java.io.File("/usr/bin/turnserver").canExecute();
    }

    /** Starts stdiscosrv on the public side and returns its ID, as its log prints it. */
    String discoveryServer() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("discosrv"));
        Path log = tmp.resolve("discosrv.log");
        lab.start(
                lab.pub,
                List.of(
                        "stdiscosrv",
                        "-listen",
                        NatLab.SERVER + ":8443",
                        "-cert",
                        dir.resolve("cert.pem").toString(),
                        "-key",
                        dir.resolve("key.pem").toString(),
                        "-db-dir",
                        dir.resolve("db").toString()),
                log);
        Pattern id = Pattern.compile("([A-Z2-7]{7}(-[A-Z2-7]{7}){7})");
        String[] found = new String[1];
        Await.until(
                () -> {
                    Matcher m = id.matcher(read(log));
                    return m.find() && (found[0] = m.group(1)) != null;
                },
                "the discovery server printed its ID",
                60);
        return found[0];
    }

    /** Starts coturn on the public side as a STUN server only (3478) and returns its HOST:PORT. */
    String stunServer() throws Exception {
        return coturn(List.of("--stun-only"));
    }

    /** Starts coturn on the public side as a TURN relay with one user; returns its turn:// URL. */
    String turnServer() throws Exception {
        coturn(List.of(
                "--relay-ip=" + NatLab.SERVER,
                "--min-port=" + RELAY_MIN,
                "--max-port=" + RELAY_MAX,
                "--realm=shoal.test",
                "--lt-cred-mech",
                "--user=" + TURN_USER + ":" + TURN_PASSWORD));
        return turnUrl(TURN_PASSWORD);
    }

    static String turnUrl(String password) {
        return "turn://" + TURN_USER + ":" + password + "@" + NatLab.SERVER + ":3478";
    }

    private String coturn(List<String> mode) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "turnserver",
                "-n",
                "--listening-ip=" + NatLab.SERVER,
                "--listening-port=3478",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--log-file=stdout",
                "--pidfile=" + tmp.resolve("coturn.pid")));
        command.addAll(mode);
        lab.start(lab.pub, command, tmp.resolve("coturn.log"));
        Await.until(
                () -> {
                    try {
                        return lab.output(lab.pub, List.of("ss", "-lun")).contains(NatLab.SERVER + ":3478");
                    } catch (Exception e) {
                        return false;
                    }
                },
                "coturn listens on UDP 3478",
                30);
        return NatLab.SERVER + ":3478";
    }

    /** Two devices' homes and folders. */
    record Pair(String a, String b, Path docsA, Path docsB) {}

    /** Two devices set up to sync folder "docs" knowing each other by ID only, each with its network settings. */
    Pair pairByIdOnly(String nameA, String nameB, List<String> networkA, List<String> networkB) throws IOException {
        Pair p = new Pair(
                tmp.resolve(nameA).toString(),
                tmp.resolve(nameB).toString(),
                Files.createDirectories(tmp.resolve("docs-a")),
                Files.createDirectories(tmp.resolve("docs-b")));
        String idA = must("--home", p.a(), "init", "--name", nameA, "--listen", "0.0.0.0:22000");
        String idB = must("--home", p.b(), "init", "--name", nameB, "--listen", "0.0.0.0:22000");
        // By ID only: no address, and mDNS cannot cross the routers.
        must("--home", p.a(), "device", "add", idB);
        must("--home", p.b(), "device", "add", idA);
        must("--home", p.a(), "folder", "add", p.docsA().toString(), "--id", "docs", "--share", idB);
        must("--home", p.b(), "folder", "add", p.docsB().toString(), "--id", "docs", "--share", idA);
        for (var homeAndNetwork : List.of(List.of(List.of(p.a()), networkA), List.of(List.of(p.b()), networkB))) {
            List<String> args = new java.util.ArrayList<>(
                    List.of("--home", homeAndNetwork.get(0).getFirst(), "network", "set"));
            args.addAll(homeAndNetwork.get(1));
            assertThat(must(args.toArray(String[]::new))).contains("saved");
        }
        return p;
    }

    Pair pairByIdOnly(String nameA, String nameB, String... network) throws IOException {
        return pairByIdOnly(nameA, nameB, List.of(network), List.of(network));
    }

    static String must(String... args) {
        PairedHomes.Result r = PairedHomes.shoal(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    /** The daemon's status, read inside its namespace; an empty document while it does not answer. */
    JsonNode status(String ns, String home) {
        try {
            return new ObjectMapper().readTree(lab.output(ns, BlockedProtocolIT.daemon(home, "status", "--json")));
        } catch (Exception e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    /** Waits as {@link Await#until}; on a timeout prints the daemons' and servers' logs, which say why. */
    void until(java.util.function.BooleanSupplier condition, String what, long seconds) throws Exception {
        try {
            Await.until(condition, what, seconds);
        } catch (AssertionError e) {
            try (var logs = Files.list(tmp)) {
                for (Path log :
                        logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                    System.out.println("==== " + log.getFileName());
                    read(log).lines().filter(l -> !l.isBlank()).forEach(System.out::println);
                }
            }
            throw e;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
