package dev.shoal.transport;

import dev.shoal.engine.spi.PeerConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Dials QUIC first and, if it has not opened a session within a short delay (UDP may be dropped on the way) or has
 * failed without an answer from the peer, TCP as well; the first session to open is the result and a later one is
 * closed. A refusal by the peer over QUIC (not paired, another device) is final: the peer was reached, and asking
 * again over TCP would only be refused again. If both fail, the error names both reasons.
 */
final class DialRace {
    private DialRace() {}

    static CompletableFuture<PeerConnection> run(
            Supplier<CompletableFuture<? extends PeerConnection>> quic,
            Supplier<CompletableFuture<? extends PeerConnection>> tcp,
            Duration delay,
            Predicate<String> refusedByPeer) {
        CompletableFuture<PeerConnection> result = new CompletableFuture<>();
        CompletableFuture<String> quicFailed = new CompletableFuture<>();
        CompletableFuture<Void> tcpStarted = new CompletableFuture<>();
        Runnable startTcp = () -> {
            if (result.isDone() || !tcpStarted.complete(null)) {
                return;
            }
            tcp.get().whenComplete((c, e) -> {
                if (e == null) {
                    if (!result.complete(c)) {
                        c.close("a QUIC session opened first");
                    }
                } else {
                    quicFailed.thenAccept(quicReason -> result.completeExceptionally(
                            new TransportException(quicReason + "; over TCP: " + reason(e))));
                }
            });
        };
        quic.get().whenComplete((c, e) -> {
            if (e == null) {
                if (!result.complete(c)) {
                    c.close("a TCP session opened first");
                }
            } else if (refusedByPeer.test(reason(e)) && !tcpStarted.isDone()) {
                tcpStarted.complete(null); // final: no TCP attempt
                result.completeExceptionally(
                        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                quicFailed.complete(reason(e));
                startTcp.run();
            }
        });
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                .execute(startTcp);
        return result;
    }

    private static String reason(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage());
    }
}
