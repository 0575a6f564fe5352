package dev.shoal.ui.service;

import dev.shoal.engine.api.FolderOffer;
import dev.shoal.engine.api.FolderState;
import java.time.Instant;
import java.util.List;

/** Everything the main window shows, read at one moment off the FX thread. */
public record Snapshot(
        Instant at,
        String deviceId,
        String deviceName,
        List<FolderInfo> folders,
        List<DeviceInfo> devices,
        List<PendingInfo> pending,
        List<FolderOffer> offers,
        List<NearbyInfo> nearby) {

    /** @param completion percent of the bytes the folder should have that it has (100 when up to date) */
    public record FolderInfo(
            String id,
            String path,
            String type,
            FolderState state,
            long needFiles,
            long needBytes,
            long localBytes,
            List<String> errors,
            int conflicts) {
        public int completion() {
            long total = localBytes + needBytes;
            return total == 0 ? 100 : (int) Math.min(100, localBytes * 100 / total);
        }
    }

    /**
     * @param address where it is connected, or the address configured for it
     * @param path how it is reached while connected: "lan", "direct" (over the internet) or "relay"; else ""
     * @param rttMs the connection's round-trip time, or -1 while not connected
     * @param completion percent of this device's data the device has, over the folders both share (-1: none)
     * @param needBytes bytes of this device's data it still lacks, over the folders both share
     */
    public record DeviceInfo(
            String id,
            String name,
            boolean connected,
            boolean paused,
            String address,
            String path,
            double rttMs,
            long bytesSent,
            long bytesReceived,
            int completion,
            long needBytes) {
        /** A device with no connection details (tests and devices not connected). */
        public DeviceInfo(
                String id,
                String name,
                boolean connected,
                boolean paused,
                String address,
                long bytesSent,
                long bytesReceived,
                int completion) {
            this(id, name, connected, paused, address, "", -1, bytesSent, bytesReceived, completion, 0);
        }
    }

    /** A device asking to connect that is not paired, with the code both sides show. */
    public record PendingInfo(String id, String name, String address, String verificationCode) {}

    public record NearbyInfo(String id, String name, String address) {}
}
