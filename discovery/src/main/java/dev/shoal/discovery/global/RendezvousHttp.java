package dev.shoal.discovery.global;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * HTTPS to the rendezvous server, this device's certificate as the client certificate (the server files an
 * announcement under the SHA-256 of that certificate, which is the device ID). Bodies are read to a bound: a
 * server is untrusted and must not make this device buffer what it likes.
 */
final class RendezvousHttp {
    /** Largest answer read from the server; a lookup answer is a few hundred bytes. */
    static final int MAX_BODY = 64 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client;

    /** An answer: status, the header value asked for (if any) and the body, at most {@link #MAX_BODY}. */
    record Answer(int status, Optional<String> header, byte[] body) {}

    RendezvousHttp(X509Certificate certificate, PrivateKey key, Optional<ServerPin> pin)
            throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        keys.setKeyEntry("device", key, none, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(
                kmf.getKeyManagers(),
                pin.map(p -> new TrustManager[] {new PinnedTrust(p)}).orElse(null),
                null);
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    CompletableFuture<Answer> post(URI uri, byte[] body, String header) {
        return send(
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                header);
    }

    CompletableFuture<Answer> get(URI uri, String header) {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), header);
    }

    private CompletableFuture<Answer> send(HttpRequest request, String header) {
        return client.sendAsync(request, BoundedBody.handler(MAX_BODY))
                .thenApply(r -> new Answer(r.statusCode(), r.headers().firstValue(header), r.body()));
    }

    void close() {
        client.shutdownNow();
    }
}
