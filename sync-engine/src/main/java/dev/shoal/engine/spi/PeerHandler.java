package dev.shoal.engine.spi;

import java.util.concurrent.CompletableFuture;

/** What the engine does with traffic from a peer. Called on transport threads. */
public interface PeerHandler {

    void control(byte[] message);

    /** Answers a data request; may complete later (e.g. after a disk read on another thread). */
    CompletableFuture<byte[]> request(byte[] request);

    void closed(String reason);
}
