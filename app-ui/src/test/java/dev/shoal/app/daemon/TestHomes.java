package dev.shoal.app.daemon;

import java.nio.file.Path;
import java.util.Arrays;

/** Device homes set up through the CLI, for tests in other packages (the window's). */
public final class TestHomes {
    private TestHomes() {}

    /** Initialises a home listening on a free loopback port; returns its device ID. */
    public static String init(Path home, String name) throws Exception {
        String address = "127.0.0.1:" + PairedHomes.freeUdpPort();
        return must(PairedHomes.shoal("--home", home.toString(), "init", "--name", name, "--listen", address));
    }

    /** Pairs the home with a device (at an address, unless null) and shares a folder with it. */
    public static void pairAndShare(Path home, String peerId, String peerAddress, Path dir, String folderId) {
        if (peerAddress == null) {
            must(PairedHomes.shoal("--home", home.toString(), "device", "add", peerId));
        } else {
            must(PairedHomes.shoal("--home", home.toString(), "device", "add", peerId, "--address", peerAddress));
        }
        must(PairedHomes.shoal(
                "--home", home.toString(), "folder", "add", dir.toString(), "--id", folderId, "--share", peerId));
    }

    /** Runs a CLI command; returns what it printed (stdout, or stderr when it failed). */
    public static String shoal(String... args) {
        PairedHomes.Result r = PairedHomes.shoal(args);
        return r.code() == 0 ? r.out() : r.err();
    }

    /** A well-formed device ID that belongs to no device here. */
    public static String someDeviceId(int seed) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) seed);
        return dev.shoal.engine.spi.DeviceId.ofHash(hash).toString();
    }

    private static String must(PairedHomes.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("setup command failed: " + r.err());
        }
        return r.out();
    }
}
